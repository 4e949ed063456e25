using System.Net;
using Platform.Inference.Import;

namespace Platform.Inference.Tests.Import;

/// <summary>The hub cannot be reached from here, so the HTTP flow runs against an in-process stand-in for it.</summary>
public sealed class HuggingFaceDownloaderTests : IDisposable
{
    private const string Listing = """
        { "id": "org/coder", "sha": "abc", "siblings": [
          { "rfilename": ".gitattributes" }, { "rfilename": "README.md" }, { "rfilename": "config.json" },
          { "rfilename": "generation_config.json" }, { "rfilename": "model-00001-of-00002.safetensors" },
          { "rfilename": "model-00002-of-00002.safetensors" }, { "rfilename": "model.safetensors.index.json" },
          { "rfilename": "pytorch_model.bin" }, { "rfilename": "onnx/model.safetensors" }, { "rfilename": "tokenizer.json" },
          { "rfilename": "tokenizer_config.json" } ] }
        """;

    private readonly string _cache = Directory.CreateTempSubdirectory("hf-cache-tests-").FullName;

    [Fact]
    public void Urls_follow_the_hub_api_and_resolve_routes()
    {
        var downloader = new HuggingFaceDownloader(new HttpClient(), _cache);

        Assert.Equal("https://huggingface.co/api/models/Qwen/Qwen2.5-Coder-1.5B/revision/main", downloader.ListingUri("Qwen/Qwen2.5-Coder-1.5B", "main").ToString());
        Assert.Equal("https://huggingface.co/deepseek-ai/deepseek-coder-1.3b-base/resolve/v1.0/config.json",
            downloader.ResolveUri("deepseek-ai/deepseek-coder-1.3b-base", "v1.0", "config.json").ToString());
    }

    [Fact]
    public void Only_configs_tokenizer_and_top_level_safetensors_are_selected()
    {
        Assert.Equal(
            ["config.json", "generation_config.json", "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors",
             "model.safetensors.index.json", "tokenizer.json", "tokenizer_config.json"],
            HuggingFaceDownloader.SelectFiles(Listing));
        Assert.Throws<InvalidDataException>(() => HuggingFaceDownloader.SelectFiles("""{ "siblings": [ { "rfilename": "config.json" }, { "rfilename": "pytorch_model.bin" } ] }"""));
    }

    [Theory]
    [InlineData("no-slash")]
    [InlineData("../etc/passwd")]
    [InlineData("org/name/extra")]
    public void Malformed_ids_are_rejected(string id) => Assert.Throws<ArgumentException>(() => HuggingFaceDownloader.ValidateRepositoryId(id));

    [Fact]
    public async Task Download_sends_the_token_resumes_partial_files_and_skips_finished_ones()
    {
        var hub = new FakeHub(Listing);
        var downloader = new HuggingFaceDownloader(new HttpClient(hub), _cache, token: "hf_secret");
        var folder = Path.Combine(_cache, "org-coder", "main");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "model-00001-of-00002.safetensors.partial"), "conten");
        await File.WriteAllTextAsync(Path.Combine(folder, "tokenizer.json"), "already here");

        var result = await downloader.DownloadAsync("org/coder");

        Assert.Equal(folder, result);
        Assert.Equal("content of model-00001-of-00002.safetensors", await File.ReadAllTextAsync(Path.Combine(folder, "model-00001-of-00002.safetensors")));
        Assert.Equal("content of config.json", await File.ReadAllTextAsync(Path.Combine(folder, "config.json")));
        Assert.Equal("already here", await File.ReadAllTextAsync(Path.Combine(folder, "tokenizer.json")));
        Assert.Empty(Directory.GetFiles(folder, "*.partial"));
        Assert.All(hub.Requests, r => Assert.Equal("Bearer hf_secret", r.Authorization));
        Assert.Contains(hub.Requests, r => r.Path.EndsWith("00001-of-00002.safetensors", StringComparison.Ordinal) && r.Range == "bytes=6-");
        Assert.DoesNotContain(hub.Requests, r => r.Path.EndsWith("tokenizer.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unreachable_hub_fails_fast_with_a_clear_message()
    {
        var downloader = new HuggingFaceDownloader(new HttpClient(new UnreachableHub()), _cache);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => downloader.DownloadAsync("org/coder"));

        Assert.Contains("Cannot reach huggingface.co", error.Message, StringComparison.Ordinal);
        Assert.Contains("local checkpoint folder", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_cache, recursive: true);

    private sealed class FakeHub(string listing) : HttpMessageHandler
    {
        public List<(string Path, string? Authorization, string? Range)> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            Requests.Add((path, request.Headers.Authorization?.ToString(), request.Headers.Range?.ToString()));
            if (path.StartsWith("/api/models/", StringComparison.Ordinal))
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(listing) });
            }

            var body = $"content of {path[(path.LastIndexOf('/') + 1)..]}";
            var from = request.Headers.Range?.Ranges.Single().From;
            return Task.FromResult(from is { } start
                ? new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = new StringContent(body[(int)start..]) }
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body) });
        }
    }

    private sealed class UnreachableHub : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException("Name or service not known (huggingface.co:443)");
    }
}
