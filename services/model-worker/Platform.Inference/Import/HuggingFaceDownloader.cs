using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Platform.Inference.Import;

/// <summary>
/// Downloads the files an import needs (configs, tokenizer, safetensors shards and their index) of a Hugging Face
/// model id into a cache folder, resuming partial files with HTTP Range requests. An optional token (HF_TOKEN)
/// is sent as a bearer token for gated models.
/// </summary>
public sealed partial class HuggingFaceDownloader(HttpClient http, string cacheDirectory, string? token = null)
{
    public static readonly Uri DefaultEndpoint = new("https://huggingface.co/");

    private static readonly string[] WantedFiles =
        ["config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", SafetensorsCheckpoint.IndexFileName];

    public Uri Endpoint { get; init; } = DefaultEndpoint;

    /// <summary>Downloads (or completes) the model's files and returns the local folder holding them.</summary>
    public async Task<string> DownloadAsync(string repositoryId, string revision = "main", IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ValidateRepositoryId(repositoryId);
        var listing = await GetListingAsync(repositoryId, revision, cancellationToken).ConfigureAwait(false);
        var files = SelectFiles(listing);
        var directory = Path.Combine(cacheDirectory, repositoryId.Replace('/', '-'), revision);
        Directory.CreateDirectory(directory);
        foreach (var file in files)
        {
            progress?.Report(file);
            await DownloadFileAsync(ResolveUri(repositoryId, revision, file), Path.Combine(directory, file), cancellationToken).ConfigureAwait(false);
        }

        return directory;
    }

    /// <summary>api/models/{id}/revision/{rev}: the listing with every file of the revision as siblings[].rfilename.</summary>
    public Uri ListingUri(string repositoryId, string revision) =>
        new(Endpoint, $"api/models/{repositoryId}/revision/{Uri.EscapeDataString(revision)}");

    /// <summary>{id}/resolve/{rev}/{file}: the file's content (redirects to the CDN for large files).</summary>
    public Uri ResolveUri(string repositoryId, string revision, string file) =>
        new(Endpoint, $"{repositoryId}/resolve/{Uri.EscapeDataString(revision)}/{string.Join('/', file.Split('/').Select(Uri.EscapeDataString))}");

    /// <summary>The listed files an import needs: the wanted configs/tokenizer files and every top-level *.safetensors.</summary>
    public static IReadOnlyList<string> SelectFiles(string listingJson)
    {
        using var document = JsonDocument.Parse(listingJson);
        var names = document.RootElement.GetProperty("siblings").EnumerateArray()
            .Select(s => s.GetProperty("rfilename").GetString() ?? "")
            .ToList();
        var selected = names
            .Where(n => WantedFiles.Contains(n) || (n.EndsWith(".safetensors", StringComparison.Ordinal) && !n.Contains('/', StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (!selected.Any(n => n.EndsWith(".safetensors", StringComparison.Ordinal)))
        {
            throw new InvalidDataException("The repository has no top-level *.safetensors weights; only safetensors checkpoints can be imported.");
        }

        if (!selected.Contains("config.json"))
        {
            throw new InvalidDataException("The repository has no config.json.");
        }

        return selected;
    }

    public static void ValidateRepositoryId(string repositoryId)
    {
        if (!RepositoryIdPattern().IsMatch(repositoryId))
        {
            throw new ArgumentException($"'{repositoryId}' is not a Hugging Face model id of the form org/name.", nameof(repositoryId));
        }
    }

    private async Task<string> GetListingAsync(string repositoryId, string revision, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, ListingUri(repositoryId, revision));
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException(
                $"Cannot reach {Endpoint.Host} to list {repositoryId}@{revision} ({e.Message}). Check the network, or import a local checkpoint folder instead.", e);
        }

        using (response)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new UnauthorizedAccessException($"{repositoryId} is gated or private: set HF_TOKEN to a token with access to it.");
            }

            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                throw new FileNotFoundException($"No model {repositoryId} at revision {revision} on {Endpoint.Host}.");
            }

            response.EnsureSuccessStatusCode();
            return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Downloads into {file}.partial, resuming from its length with a Range request, then moves it into place.</summary>
    private async Task DownloadFileAsync(Uri uri, string target, CancellationToken cancellationToken)
    {
        if (File.Exists(target))
        {
            return;
        }

        var partial = target + ".partial";
        var existing = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        using var request = Request(HttpMethod.Get, uri);
        if (existing > 0)
        {
            request.Headers.Range = new RangeHeaderValue(existing, null);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && existing > 0)
        {
            // The partial file already holds every byte.
            File.Move(partial, target);
            return;
        }

        response.EnsureSuccessStatusCode();
        var resume = response.StatusCode == HttpStatusCode.PartialContent;
        await using (var output = new FileStream(partial, resume ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20, useAsync: true))
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await body.CopyToAsync(output, 1 << 20, cancellationToken).ConfigureAwait(false);
        }

        File.Move(partial, target);
    }

    private HttpRequestMessage Request(HttpMethod method, Uri uri)
    {
        var request = new HttpRequestMessage(method, uri);
        if (!string.IsNullOrEmpty(token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex RepositoryIdPattern();
}
