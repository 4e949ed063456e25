using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Platform.Retrieval.Chunking;

/// <summary>
/// Definitions with their line spans from Universal Ctags, for a batch of files at once: the batch is written to a
/// scratch folder and ctags runs once over it (one process per file would cost more than the parsing).
/// </summary>
internal sealed class CtagsDefinitions(IOptions<RetrievalOptions> options, ILogger<CtagsDefinitions> logger)
{
    // Kinds that are not blocks of code a reader would look for as a unit.
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "local", "parameter", "variable", "field", "member", "enumerator", "label", "import", "externvar", "unknown",
        "heading", "chapter", "section", "subsection", "subsubsection", "l4subsection", "l5subsection", "anchor",
    };

    private int _missing;

    public bool Available => Volatile.Read(ref _missing) == 0;

    /// <summary>Definitions per file, keyed by the index of the file in <paramref name="files"/>.</summary>
    public async Task<IReadOnlyDictionary<int, List<Definition>>> FindAsync(
        IReadOnlyList<(string Path, string Text, string? CtagsLanguage)> files, CancellationToken cancellationToken)
    {
        var result = new Dictionary<int, List<Definition>>();
        if (!Available || files.Count == 0)
        {
            return result;
        }

        var scratch = Directory.CreateTempSubdirectory("ctags-");
        try
        {
            var list = new List<string>();
            for (var index = 0; index < files.Count; index++)
            {
                if (files[index].CtagsLanguage is null)
                {
                    continue;
                }

                // Keep the file name: ctags detects the language by extension, and by shebang (--guess-language-eagerly).
                var name = Path.GetFileName(files[index].Path);
                var folder = Path.Combine(scratch.FullName, index.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Directory.CreateDirectory(folder);
                var file = Path.Combine(folder, name.Length == 0 ? "file" : name);
                await File.WriteAllTextAsync(file, files[index].Text, cancellationToken);
                list.Add(file);
            }

            if (list.Count == 0)
            {
                return result;
            }

            var listFile = Path.Combine(scratch.FullName, "files.txt");
            await File.WriteAllLinesAsync(listFile, list, cancellationToken);
            await RunAsync(scratch.FullName, listFile, result, cancellationToken);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            if (Interlocked.Exchange(ref _missing, 1) == 0)
            {
                logger.LogWarning(exception, "Universal Ctags ({Path}) could not be started; files are chunked by line windows.", options.Value.CtagsPath);
            }
        }
        finally
        {
            scratch.Delete(recursive: true);
        }

        return result;
    }

    private async Task RunAsync(string scratch, string listFile, Dictionary<int, List<Definition>> result, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(options.Value.CtagsPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--output-format=json", "--fields=+neKZ", "--guess-language-eagerly", "-f", "-", "-L", listFile })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("ctags did not start.");
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        string? line;
        while ((line = await process.StandardOutput.ReadLineAsync(cancellationToken)) is not null)
        {
            if (Parse(line, scratch) is { } tag)
            {
                if (!result.TryGetValue(tag.File, out var definitions))
                {
                    result[tag.File] = definitions = [];
                }

                definitions.Add(tag.Definition);
            }
        }

        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            logger.LogWarning("ctags exited with {Code}: {Errors}", process.ExitCode, (await errors).Trim());
        }
    }

    private static (int File, Definition Definition)? Parse(string line, string scratch)
    {
        using var document = JsonDocument.Parse(line);
        var tag = document.RootElement;
        if (!tag.TryGetProperty("_type", out var type) || type.GetString() != "tag"
            || !tag.TryGetProperty("line", out var start)
            || !tag.TryGetProperty("path", out var path) || !tag.TryGetProperty("name", out var name))
        {
            return null;
        }

        var kind = tag.TryGetProperty("kind", out var kindValue) ? kindValue.GetString() ?? "" : "";
        // Some parsers (TypeScript in ctags 5.9) give no end line: 0 leaves it to the chunker to find.
        var endLine = tag.TryGetProperty("end", out var end) ? end.GetInt32() : 0;
        if (Ignored.Contains(kind) || (endLine != 0 && endLine < start.GetInt32()))
        {
            return null;
        }

        // The file's folder under the scratch folder is its index in the batch.
        var relative = Path.GetRelativePath(scratch, path.GetString() ?? "");
        var slash = relative.IndexOf(Path.DirectorySeparatorChar, StringComparison.Ordinal);
        if (slash <= 0 || !int.TryParse(relative.AsSpan(0, slash), out var file))
        {
            return null;
        }

        var scope = tag.TryGetProperty("scope", out var scopeValue) ? scopeValue.GetString() : null;
        return (file, new Definition(name.GetString() ?? "", kind, start.GetInt32(), endLine, scope));
    }
}
