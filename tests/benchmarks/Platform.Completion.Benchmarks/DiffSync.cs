using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Platform.Completion.Benchmarks;

/// <summary>
/// A long file edited many times: the bytes of request bodies the diff protocol sends (the whole text once, then one
/// edit per request against the hash of the version before), against the bytes the full-file protocol would send (the
/// whole text on every request, the same bodies otherwise). The diff requests are sent and must all succeed.
/// </summary>
internal static class DiffSync
{
    public sealed record Result(int Lines, int Edits, long FullFileBytes, long DiffBytes, double RatioPercent, int Succeeded);

    public static async Task<Result> RunAsync(HttpClient client, int lines, int edits)
    {
        var text = string.Concat(Enumerable.Range(0, lines).Select(line => $"    value_{line} = compute({line}, scale={line % 7})  # step {line}\n"));
        var id = $"file:///bench/long_{Guid.NewGuid():N}.py";
        var random = new Random(20261130);
        long fullBytes = 0, diffBytes = 0;
        var succeeded = 0;

        var first = Body(new { id, text, cursor = text.Length });
        diffBytes += first.Length;
        fullBytes += first.Length;
        succeeded += await SendAsync(client, first);

        for (var edit = 0; edit < edits; edit++)
        {
            // A keystroke-sized change somewhere in the file: a short insertion at the start of a random line.
            var lineStart = LineStart(text, random.Next(lines));
            var inserted = $"x{edit} = {edit}; ";
            var baseHash = Hash(text);
            text = text.Insert(lineStart, inserted);
            var cursor = lineStart + inserted.Length;

            var diff = Body(new { id, base_hash = baseHash, edits = new[] { new { offset = lineStart, delete = 0, text = inserted } }, cursor });
            diffBytes += diff.Length;
            fullBytes += Body(new { id, text, cursor }).Length;
            succeeded += await SendAsync(client, diff);
        }

        return new Result(lines, edits, fullBytes, diffBytes, Math.Round(100.0 * diffBytes / fullBytes, 3), succeeded);
    }

    private static byte[] Body(object document) => JsonSerializer.SerializeToUtf8Bytes(new { language = "python", max_tokens = 4, temperature = 0, document });

    private static async Task<int> SendAsync(HttpClient client, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var response = await client.PostAsync("/v1/code/completions", content);
        if (!response.IsSuccessStatusCode)
        {
            Console.Error.WriteLine($"diff sync request failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            return 0;
        }

        return 1;
    }

    private static int LineStart(string text, int line)
    {
        var position = 0;
        for (var index = 0; index < line; index++)
        {
            position = text.IndexOf('\n', position) + 1;
        }

        return position;
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
