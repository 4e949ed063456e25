using System.Diagnostics;
using System.Text.Json.Nodes;
using Platform.Operations.Tests.Prometheus;

namespace Platform.Operations.Tests.Live;

/// <summary>Debian's Prometheus on loopback, scraping given targets every second and evaluating the platform's rules.</summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private readonly LoopbackProcess _process;
    private readonly DirectoryInfo _directory;
    private readonly HttpClient _client;

    private PrometheusServer(LoopbackProcess process, DirectoryInfo directory, Uri address)
    {
        _process = process;
        _directory = directory;
        _client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Output => _process.Output;

    /// <summary>Starts Prometheus with the rule files and one scrape job per (job, target).</summary>
    public static async Task<PrometheusServer> StartAsync(IReadOnlyList<string> ruleFiles, IReadOnlyDictionary<string, Uri> targets)
    {
        var directory = Directory.CreateTempSubdirectory("platform-prometheus-");
        var rules = Directory.CreateDirectory(Path.Combine(directory.FullName, "rules"));
        foreach (var file in ruleFiles)
        {
            File.Copy(Repository.PathOf(file), Path.Combine(rules.FullName, Path.GetFileName(file)));
        }

        var config = new System.Text.StringBuilder()
            .Append("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n")
            .Append("rule_files:\n  - ").Append(rules.FullName).Append("/*.yml\n")
            .Append("scrape_configs:\n");
        foreach (var (job, target) in targets)
        {
            config.Append("  - job_name: ").Append(job).Append('\n')
                .Append("    static_configs:\n      - targets: [\"").Append(target.Authority).Append("\"]\n");
        }

        File.WriteAllText(Path.Combine(directory.FullName, "prometheus.yml"), config.ToString());

        var address = new Uri($"http://127.0.0.1:{LoopbackProcess.FreePort()}");
        var start = new ProcessStartInfo(Promtool.Locate("prometheus") ?? throw new InvalidOperationException(Promtool.MissingMessage));
        foreach (var argument in new[]
                 {
                     $"--config.file={directory.FullName}/prometheus.yml", $"--storage.tsdb.path={directory.FullName}/data",
                     $"--web.listen-address={address.Authority}", "--log.level=warn",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var server = new PrometheusServer(new LoopbackProcess(start), directory, address);
        try
        {
            await server._process.WaitUntilAsync(async () => (await server._client.GetAsync("/-/ready")).IsSuccessStatusCode,
                TimeSpan.FromSeconds(60), "Prometheus was not ready");
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The data of a successful API answer (status "success"); throws with Prometheus's error otherwise.</summary>
    public async Task<JsonNode> ApiAsync(string pathAndQuery)
    {
        using var response = await _client.GetAsync(pathAndQuery);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        if ((string?)body["status"] != "success")
        {
            throw new InvalidOperationException($"{pathAndQuery}: {body["errorType"]}: {body["error"]}");
        }

        return body["data"]!;
    }

    public Task<JsonNode> QueryAsync(string expression) => ApiAsync($"/api/v1/query?query={Uri.EscapeDataString(expression)}");

    /// <summary>Waits until every target has been scraped healthy at least <paramref name="scrapes"/> more times from now.</summary>
    public async Task WaitForScrapesAsync(int scrapes)
    {
        var since = DateTime.UtcNow.AddSeconds(scrapes);
        await _process.WaitUntilAsync(async () =>
        {
            var targets = (await ApiAsync("/api/v1/targets"))["activeTargets"]!.AsArray();
            return targets.Count > 0 && targets.All(target => (string?)target!["health"] == "up"
                && DateTime.Parse((string)target["lastScrape"]!, System.Globalization.CultureInfo.InvariantCulture).ToUniversalTime() > since);
        }, TimeSpan.FromSeconds(60), "Prometheus did not scrape every target healthy");
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _process.DisposeAsync();
        _directory.Delete(recursive: true);
    }
}
