using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Completion.Benchmarks;

/// <summary>One completion request of a session: what was before the cursor, how long the answer took, whether the model ran.</summary>
internal sealed record Keystroke(string Prefix, double Milliseconds, bool ModelCalled, string Completion);

/// <summary>
/// A user typing a file with completions on: after each keystroke the editor asks for a completion; the user types
/// the suggestion's next character while it has one (up to <see cref="AcceptRun"/> characters of each), then the
/// file's own next characters. Recorded once with typing-ahead on, then replayed keystroke for keystroke with it off.
/// </summary>
internal sealed class TypingSession(HttpClient client)
{
    public const int AcceptRun = 12;
    private const int DivergeRun = 3;

    public async Task<List<Keystroke>> RecordAsync(string file, int keystrokes)
    {
        var session = new List<Keystroke>(keystrokes);
        var typed = "";
        var filePosition = 0;
        var accepted = 0;
        var diverged = 0;
        for (var index = 0; index < keystrokes; index++)
        {
            var keystroke = await RequestAsync(typed);
            session.Add(keystroke);
            if (keystroke.Completion.Length > 0 && accepted < AcceptRun && diverged == 0)
            {
                typed += keystroke.Completion[0];
                accepted++;
                continue;
            }

            typed += file[filePosition++ % file.Length];
            accepted = 0;
            diverged = (diverged + 1) % DivergeRun;
        }

        return session;
    }

    public async Task<List<Keystroke>> ReplayAsync(IEnumerable<Keystroke> recorded)
    {
        var session = new List<Keystroke>();
        foreach (var keystroke in recorded)
        {
            session.Add(await RequestAsync(keystroke.Prefix));
        }

        return session;
    }

    private async Task<Keystroke> RequestAsync(string prefix)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.PostAsJsonAsync("/v1/code/completions", new
        {
            language = "python", max_tokens = 16, temperature = 0,
            segments = new { prefix, suffix = "\n", filepath = "src/session.py" },
        });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        clock.Stop();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Completion failed with {(int)response.StatusCode}: {body}");
        }

        var usage = body.GetProperty("usage");
        var modelCalled = usage.GetProperty("prompt_tokens").GetInt32() > 0;
        return new Keystroke(prefix, clock.Elapsed.TotalMilliseconds, modelCalled, body.GetProperty("choices")[0].GetProperty("text").GetString() ?? "");
    }
}
