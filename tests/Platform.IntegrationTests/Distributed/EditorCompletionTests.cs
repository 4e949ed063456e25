using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Distributed;

/// <summary>
/// What an editor feels of the native completion API, over the real bus with the real worker (scripted model behind
/// it) and the completion service's state in the real Redis: post-processed answers, typing-ahead without model
/// calls, superseded requests cancelled on the worker, and files synced by diff.
/// </summary>
[Collection(DistributedPlatformDefinition.Name)]
public sealed class EditorCompletionTests(DistributedPlatform platform)
{
    private const string Prefix = "def add(first, second):\n    ";
    private const string Suffix = "\n\nprint(add(1, 2))\n";
    private const string Expected = "total = first + second\n    return total"; // the scripted completion, trailing newline trimmed

    private static object Request(string prefix, string file, string suffix = Suffix, int maxTokens = 64) => new
    {
        model = ScriptedModel.Name, language = "python", max_tokens = maxTokens, temperature = 0,
        segments = new { prefix, suffix, filepath = file },
    };

    private static async Task<JsonElement> AnswerAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("choices")[0];
    }

    [Fact]
    public async Task Typing_the_predicted_characters_one_by_one_gets_each_remainder_without_a_model_call()
    {
        using var client = platform.CreateClient();
        var file = $"src/typing_{Guid.NewGuid():N}.py";
        var first = await AnswerAsync(await client.PostAsJsonAsync("/v1/code/completions", Request(Prefix, file)));
        Assert.Equal(Expected, first.GetProperty("text").GetString());
        var modelCalls = platform.ScriptedModel.Started;

        for (var typed = 1; typed < Expected.Length; typed++)
        {
            var choice = await AnswerAsync(await client.PostAsJsonAsync("/v1/code/completions", Request(Prefix + Expected[..typed], file)));
            Assert.Equal(Expected[typed..], choice.GetProperty("text").GetString());
        }

        var repeated = await AnswerAsync(await client.PostAsJsonAsync("/v1/code/completions", Request(Prefix, file)));
        Assert.Equal(Expected, repeated.GetProperty("text").GetString());
        Assert.Equal(modelCalls, platform.ScriptedModel.Started);

        // Typing something else is a new request for the model.
        await AnswerAsync(await client.PostAsJsonAsync("/v1/code/completions", Request(Prefix + "result", file)));
        Assert.Equal(modelCalls + 1, platform.ScriptedModel.Started);
    }

    [Fact]
    public async Task Ten_rapid_requests_for_one_document_leave_one_generation_running_on_the_worker()
    {
        using var client = platform.CreateClient();
        var file = $"src/slow_{Guid.NewGuid():N}.py";
        using var lastRequest = new CancellationTokenSource();
        var answers = new List<Task<HttpResponseMessage>>();
        for (var keystroke = 0; keystroke < 10; keystroke++)
        {
            var token = keystroke == 9 ? lastRequest.Token : CancellationToken.None;
            answers.Add(client.PostAsJsonAsync("/v1/code/completions", Request($"def slow_{keystroke}(a, b):\n    ", file, maxTokens: 400), token));
            await Task.Delay(40);
        }

        var superseded = await Task.WhenAll(answers.Take(9));
        foreach (var response in superseded)
        {
            Assert.Equal("cancelled", (await AnswerAsync(response)).GetProperty("finish_reason").GetString());
        }

        await WaitForAsync(() => platform.ScriptedModel.Running <= 1, TimeSpan.FromSeconds(5));
        Assert.Equal(1, platform.ScriptedModel.Running);

        // The editor giving up on the last one frees its slot too (the cancel reaches the model's generation).
        await lastRequest.CancelAsync();
        await WaitForAsync(() => platform.ScriptedModel.Running == 0, TimeSpan.FromSeconds(5));
        Assert.Equal(0, platform.ScriptedModel.Running);
    }

    [Fact]
    public async Task Document_synced_by_diff_completes_and_a_stale_base_gets_409_until_the_whole_text_is_resent()
    {
        using var client = platform.CreateClient();
        var id = $"file:///work/doc_{Guid.NewGuid():N}.py";
        var text = "import math\n\n" + Prefix + Suffix;
        var cursor = ("import math\n\n" + Prefix).Length;

        var whole = await AnswerAsync(await client.PostAsJsonAsync("/v1/code/completions",
            new { model = ScriptedModel.Name, language = "python", document = new { id, text, cursor } }));
        Assert.Equal(Expected, whole.GetProperty("text").GetString());

        // An edit against the version the server holds: a line added at the top moves the cursor down.
        const string added = "import os\n";
        var edited = await AnswerAsync(await client.PostAsJsonAsync("/v1/code/completions", new
        {
            model = ScriptedModel.Name, language = "python",
            document = new { id, base_hash = Hash(text), edits = new[] { new { offset = 0, delete = 0, text = added } }, cursor = cursor + added.Length },
        }));
        Assert.Equal(Expected, edited.GetProperty("text").GetString());
        Assert.Contains("import os\nimport math", platform.ScriptedModel.LastPrompt, StringComparison.Ordinal);

        using var stale = await client.PostAsJsonAsync("/v1/code/completions", new
        {
            model = ScriptedModel.Name,
            document = new { id, base_hash = Hash("a version the server never saw"), edits = new[] { new { offset = 0, delete = 0, text = "x" } }, cursor = 1 },
        });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("document_base_unknown", (await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        using var pastTheEnd = await client.PostAsJsonAsync("/v1/code/completions", new
        {
            model = ScriptedModel.Name,
            document = new { id, base_hash = Hash(text), edits = new[] { new { offset = text.Length + 5, delete = 1, text = "" } }, cursor = 0 },
        });
        Assert.Equal(HttpStatusCode.BadRequest, pastTheEnd.StatusCode);

        var recovered = await AnswerAsync(await client.PostAsJsonAsync("/v1/code/completions",
            new { model = ScriptedModel.Name, language = "python", document = new { id, text = "# recovered\n" + text, cursor = cursor + 12 } }));
        Assert.Equal(Expected, recovered.GetProperty("text").GetString());
    }

    internal static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
    }
}
