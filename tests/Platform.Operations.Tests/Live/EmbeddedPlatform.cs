using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Platform.Operations.Tests.Live;

/// <summary>The embedded platform (every service in one process) on a loopback port, with a known API key.</summary>
internal sealed class EmbeddedPlatform : IAsyncDisposable
{
    public const string ApiKey = "sk-plat-operations-live-metrics-0001";

    private readonly LoopbackProcess _process;
    private readonly DirectoryInfo _data;

    private EmbeddedPlatform(LoopbackProcess process, DirectoryInfo data, Uri address)
    {
        _process = process;
        _data = data;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public static async Task<EmbeddedPlatform> StartAsync()
    {
        var data = Directory.CreateTempSubdirectory("platform-live-metrics-");
        var address = new Uri($"http://127.0.0.1:{LoopbackProcess.FreePort()}");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Repository.Root };
        start.ArgumentList.Add(HostAssembly());
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address.ToString().TrimEnd('/'));
        start.Environment["PLATFORM_DATA_DIR"] = data.FullName;
        start.Environment["Gateway__BootstrapApiKey"] = ApiKey;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // As the images do: no telemetry leaves the machine.
        start.Environment["ORT_DISABLE_TELEMETRY"] = "1";
        foreach (var setting in new[] { "ConnectionStrings__postgres", "ConnectionStrings__redis", "ConnectionStrings__rabbitmq", "OTEL_EXPORTER_OTLP_ENDPOINT" })
        {
            start.Environment.Remove(setting);
        }

        var process = new LoopbackProcess(start);
        var platform = new EmbeddedPlatform(process, data, address);
        try
        {
            await process.WaitUntilAsync(async () => (await platform.Client.GetAsync("/health/ready")).IsSuccessStatusCode,
                TimeSpan.FromSeconds(120), "The embedded platform was not ready");
            return platform;
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }
    }

    /// <summary>A little of everything: completions plain and streamed, code completions, chat, editor events, refusals.</summary>
    public async Task LoadAsync()
    {
        for (var i = 0; i < 4; i++)
        {
            await Ok(Client.PostAsJsonAsync("/v1/completions", new { prompt = $"def f{i}(x):", max_tokens = 6, temperature = 0 }));
            await Ok(Client.PostAsJsonAsync("/v1/completions", new { prompt = "import os\n", max_tokens = 6, stream = true }));
        }

        await Ok(Client.PostAsJsonAsync("/v1/code/completions", new { language = "python", segments = new { prefix = "def add(a, b):\n    ", suffix = "" } }));
        await Ok(Client.PostAsJsonAsync("/v1/chat/completions", new { messages = new[] { new { role = "user", content = "explain" } }, max_tokens = 6 }));
        await Ok(Client.PostAsJsonAsync("/v1/code/events", new { type = "view", completion_id = "cmpl-live", choice_index = 0 }));
        await Ok(Client.PostAsJsonAsync("/v1/code/events", new { type = "select", completion_id = "cmpl-live", choice_index = 0 }));
        using var anonymous = new HttpClient { BaseAddress = Address };
        using var refused = await anonymous.PostAsJsonAsync("/v1/completions", new { prompt = "x" });
        if ((int)refused.StatusCode != 401)
        {
            throw new InvalidOperationException($"A request without a key got {(int)refused.StatusCode}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _process.DisposeAsync();
        _data.Delete(recursive: true);
    }

    private async Task Ok(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}\n{_process.Output}");
        }
    }

    /// <summary>The embedded host's build output, in this test assembly's configuration (a build dependency of this project).</summary>
    private static string HostAssembly()
    {
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar))) ?? "Release";
        var path = Repository.PathOf($"services/embedded/bin/{configuration}/net10.0/Platform.Embedded.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first.", path);
    }
}
