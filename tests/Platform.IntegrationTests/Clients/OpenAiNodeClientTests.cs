using System.Diagnostics;
using System.Text.Json;
using Platform.IntegrationTests.Distributed;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Clients;

/// <summary>
/// The official <c>openai</c> npm package (v6, pinned by openai-node/package-lock.json) against the gateway, run
/// with the machine's <c>node</c>. The test installs the package itself (<c>npm ci</c>) when node_modules is missing.
/// </summary>
[Collection(DistributedPlatformDefinition.Name)]
public sealed class OpenAiNodeClientTests(DistributedPlatform platform)
{
    [Fact]
    public async Task Node_client_completes_and_streams_completions_and_chat()
    {
        var folder = ScriptFolder();
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "openai")))
        {
            var install = await RunAsync("npm", ["ci", "--no-audit", "--no-fund"], folder, new Dictionary<string, string>(), TimeSpan.FromMinutes(3));
            Assert.True(install.ExitCode == 0, $"npm ci failed ({install.ExitCode}):\n{install.Output}");
        }

        var run = await RunAsync("node", ["check.mjs"], folder, new Dictionary<string, string>
        {
            ["PLATFORM_BASE_URL"] = new Uri(platform.Gateway.BaseAddress(), "/v1").ToString(),
            ["PLATFORM_API_KEY"] = platform.ApiKey,
            ["PLATFORM_MODEL"] = "tiny-coder",
            ["PLATFORM_TOOLS_MODEL"] = ScriptedModel.Name,
        }, TimeSpan.FromMinutes(2));
        Assert.True(run.ExitCode == 0, $"check.mjs failed ({run.ExitCode}):\n{run.Output}");

        var report = JsonDocument.Parse(run.Output.Split('\n').Last(line => line.StartsWith('{'))).RootElement;
        var completion = report.GetProperty("completion");
        Assert.Equal("text_completion", completion.GetProperty("object").GetString());
        Assert.True(completion.GetProperty("completionTokens").GetInt32() > 0);
        Assert.Equal(completion.GetProperty("text").GetString(), report.GetProperty("streamedCompletion").GetProperty("text").GetString());
        var chat = report.GetProperty("chat");
        Assert.Equal("chat.completion", chat.GetProperty("object").GetString());
        Assert.Equal("assistant", chat.GetProperty("role").GetString());
        var streamedChat = report.GetProperty("streamedChat");
        Assert.Equal("assistant", streamedChat.GetProperty("role").GetString());
        Assert.Equal(chat.GetProperty("content").GetString(), streamedChat.GetProperty("content").GetString());
        Assert.NotEqual(JsonValueKind.Null, streamedChat.GetProperty("finishReason").ValueKind);
        Assert.True(streamedChat.GetProperty("completionTokens").GetInt32() > 0);
        Assert.Equal(400, report.GetProperty("badRequest").GetProperty("status").GetInt32());
        foreach (var mode in new[] { "plain", "streamed" })
        {
            var tools = report.GetProperty("tools").GetProperty(mode);
            Assert.Equal("tool_calls", tools.GetProperty("finishReason").GetString());
            Assert.Equal("get_weather", tools.GetProperty("name").GetString());
            Assert.Equal("Paris", JsonDocument.Parse(tools.GetProperty("arguments").GetString()!).RootElement.GetProperty("city").GetString());
            Assert.Equal(ScriptedModel.FinalAnswer, tools.GetProperty("final").GetString());
        }

        Assert.Equal(1, report.GetProperty("tools").GetProperty("streamed").GetProperty("calls").GetInt32());
    }

    private static string ScriptFolder()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Platform.sln")))
        {
            root = root.Parent;
        }

        return Path.Combine(root?.FullName ?? throw new InvalidOperationException("Platform.sln not found above the test output."),
            "tests", "Platform.IntegrationTests", "Clients", "openai-node");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(
        string program, string[] arguments, string folder, Dictionary<string, string> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException(
                $"'{program}' is needed to run the openai npm client test and was not found on PATH ({exception.Message}). " +
                "Install Node.js 20+ with npm (e.g. apt-get install -y nodejs npm).", exception);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                await process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within {timeout}.");
            }

            return (process.ExitCode, (await stdout) + (await stderr));
        }
    }
}
