using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Platform.Completion.Benchmarks;

// What typing-ahead and diff sync buy an editor, on the embedded platform with the tiny model on the CPU engine.
// 1. A typing session recorded with typing-ahead on, replayed keystroke for keystroke with it off: completion latency
//    at the client, and the share of model calls saved.
// 2. A 5,000-line file edited 100 times: request bytes of the diff protocol against the full-file protocol.
// One JSON document goes to stdout; progress notes to stderr.
//   --keystrokes N   length of the typing session (default 300)
//   --lines N, --edits N   the diff-sync file and edit count (default 5000, 100)
var keystrokes = Option("--keystrokes", 300);
var lines = Option("--lines", 5000);
var edits = Option("--edits", 100);
var modelDirectory = Path.Combine(Path.GetTempPath(), "platform-completion-benchmark-model");

Console.Error.WriteLine("typing-ahead on: recording the session");
List<Keystroke> withTypingAhead;
DiffSync.Result diffSync;
await using (var platform = await EmbeddedPlatform.StartAsync(modelDirectory, typingAhead: true))
{
    using var client = Client(platform);
    var session = new TypingSession(client);
    await session.RecordAsync("def warm_up():\n    return 1\n", 20);
    withTypingAhead = await session.RecordAsync(SampleFile, keystrokes);
    Console.Error.WriteLine($"diff sync: {lines} lines, {edits} edits");
    diffSync = await DiffSync.RunAsync(client, lines, edits);
}

Console.Error.WriteLine("typing-ahead off: replaying the session");
List<Keystroke> withoutTypingAhead;
await using (var platform = await EmbeddedPlatform.StartAsync(modelDirectory, typingAhead: false))
{
    using var client = Client(platform);
    var session = new TypingSession(client);
    await session.RecordAsync("def warm_up():\n    return 1\n", 20);
    withoutTypingAhead = await session.ReplayAsync(withTypingAhead);
}

var report = new
{
    typing_session = new
    {
        keystrokes = withTypingAhead.Count,
        with_typing_ahead = Summary(withTypingAhead),
        without_typing_ahead = Summary(withoutTypingAhead),
        model_calls_saved_share = Math.Round(1.0 - (double)withTypingAhead.Count(k => k.ModelCalled) / withoutTypingAhead.Count(k => k.ModelCalled), 3),
    },
    diff_sync = diffSync,
};
Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
return diffSync.RatioPercent < 2 && diffSync.Succeeded == edits + 1 ? 0 : 1;

static object Summary(List<Keystroke> session)
{
    var hits = session.Where(k => !k.ModelCalled).Select(k => k.Milliseconds).ToList();
    var misses = session.Where(k => k.ModelCalled).Select(k => k.Milliseconds).ToList();
    var all = session.Select(k => k.Milliseconds).ToList();
    return new
    {
        model_calls = misses.Count,
        answered_without_model = hits.Count,
        latency_ms = new { p50 = Percentile(all, 50), p95 = Percentile(all, 95), mean = Math.Round(all.Average(), 2) },
        without_model_latency_ms = hits.Count > 0 ? new { p50 = Percentile(hits, 50), p95 = Percentile(hits, 95) } : null,
        model_latency_ms = misses.Count > 0 ? new { p50 = Percentile(misses, 50), p95 = Percentile(misses, 95) } : null,
    };
}

static double Percentile(List<double> values, int percentile)
{
    var sorted = values.Order().ToList();
    return Math.Round(sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)], 2);
}

static HttpClient Client(EmbeddedPlatform platform) => new()
{
    BaseAddress = platform.BaseAddress,
    Timeout = TimeSpan.FromSeconds(60),
    DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", EmbeddedPlatform.ApiKey) },
};

int Option(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

internal static partial class Program
{
    // The file the simulated user types: ordinary Python, so that completions land in the middle of real code.
    private const string SampleFile = """
        import math


        def mean(values):
            total = 0
            for value in values:
                total += value
            return total / len(values)


        def variance(values):
            average = mean(values)
            return sum((value - average) ** 2 for value in values) / len(values)


        def standard_deviation(values):
            return math.sqrt(variance(values))

        """;
}
