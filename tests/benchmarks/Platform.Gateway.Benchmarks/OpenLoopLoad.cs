using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;

namespace Platform.Gateway.Benchmarks;

/// <summary>One request's fate: client-side end-to-end time, the worker's own time, how late it was sent, and its
/// HTTP status (0 when no answer came).</summary>
internal readonly record struct RequestSample(int Status, double EndToEndMs, double WorkerMs, double QueueMs, double SendLagMs)
{
    public bool Succeeded => Status == 200;
}

/// <summary>Every sample of a run, how long sending took, and what this process (driver and hosts) spent.</summary>
/// <param name="StartedAt">Wall-clock time of the first request, to line bus hops up with requests.</param>
internal sealed record LoadRun(RequestSample[] Samples, double ElapsedSeconds, ProcessCost Cost, DateTime StartedAt);

/// <summary>
/// Open-loop load: requests leave on a fixed schedule whether or not earlier ones have been answered, so a gateway
/// that falls behind shows it as latency instead of quietly slowing the client down.
/// </summary>
internal sealed class OpenLoopLoad(HttpClient client)
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        """{"prompt":"def add(a, b):\n    ","suffix":"\n","max_tokens":1,"temperature":0}""");
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public static HttpClient CreateClient(Uri gateway, string apiKey) => new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        MaxConnectionsPerServer = int.MaxValue,
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        BaseAddress = gateway,
        Timeout = TimeSpan.FromSeconds(60),
        DefaultRequestVersion = HttpVersion.Version11,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", apiKey) },
    };

    /// <summary>
    /// Sends <paramref name="rate"/> requests per second for <paramref name="duration"/> (<see cref="PaceAsync"/>),
    /// then waits for every answer. How late each request left is reported as send lag, not counted as overhead.
    /// </summary>
    public async Task<LoadRun> RunAsync(int rate, TimeSpan duration)
    {
        var before = ProcessCost.Now();
        var count = (int)(rate * duration.TotalSeconds);
        // Answers land in one array and only a count is kept: holding every request's task until the end would keep
        // each of them alive through the collections being measured, and the copying would be counted as overhead.
        var samples = new RequestSample[count];
        var outstanding = new StrongBox<int>(count);
        var answered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var startedAt = DateTime.UtcNow;
        var started = Stopwatch.GetTimestamp();
        await PaceAsync(rate, count, (index, due) => _ = SendIntoAsync(due, samples, index, outstanding, answered));

        var sent = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await answered.Task;
        return new LoadRun(samples, sent, ProcessCost.Now().Since(before), startedAt);
    }

    /// <summary>
    /// Calls <paramref name="send"/> with each index from 0 to <paramref name="count"/> and the timestamp it was due,
    /// <paramref name="rate"/> a second. A dedicated thread keeps the schedule, waking every millisecond and sending
    /// whatever is due: sends leave up to ~1 ms late, never early, and the schedule neither spins on a core the hosts
    /// and the broker need nor depends on the thread pool being measured. The floors use the same pacing.
    /// </summary>
    public static Task PaceAsync(int rate, int count, Action<int, long> send)
    {
        var paced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var schedule = new Thread(() =>
        {
            var ticksPerSend = Stopwatch.Frequency / (double)rate;
            var started = Stopwatch.GetTimestamp();
            for (var index = 0; index < count; Thread.Sleep(1))
            {
                for (long due; index < count && (due = started + (long)(index * ticksPerSend)) <= Stopwatch.GetTimestamp(); index++)
                {
                    send(index, due);
                }
            }

            paced.SetResult();
        }) { IsBackground = true, Name = "open-loop-schedule" };
        schedule.Start();
        return paced.Task;
    }

    /// <summary>Requests one at a time: the latency with no queueing anywhere, for comparison.</summary>
    public async Task<LoadRun> RunSequentialAsync(int count)
    {
        var before = ProcessCost.Now();
        var startedAt = DateTime.UtcNow;
        var started = Stopwatch.GetTimestamp();
        var samples = new RequestSample[count];
        for (var index = 0; index < count; index++)
        {
            samples[index] = await SendAsync(Stopwatch.GetTimestamp());
        }

        return new LoadRun(samples, Stopwatch.GetElapsedTime(started).TotalSeconds, ProcessCost.Now().Since(before), startedAt);
    }

    private async Task SendIntoAsync(long due, RequestSample[] samples, int index, StrongBox<int> outstanding, TaskCompletionSource answered)
    {
        try
        {
            samples[index] = await SendAsync(due);
        }
        finally
        {
            if (Interlocked.Decrement(ref outstanding.Value) == 0)
            {
                answered.SetResult();
            }
        }
    }

    private async Task<RequestSample> SendAsync(long due)
    {
        await Task.Yield(); // leave the schedule loop at once; the request runs on the pool
        var start = Stopwatch.GetTimestamp();
        var lag = Stopwatch.GetElapsedTime(due, start).TotalMilliseconds;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/completions")
            {
                Content = new ByteArrayContent(Body) { Headers = { ContentType = Json } },
            };
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
            var endToEnd = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return new RequestSample((int)response.StatusCode, endToEnd, 0, 0, lag);
            }

            return new RequestSample(200, endToEnd, Header(response, "x-platform-worker-ms"), Header(response, "x-platform-queue-ms"), lag);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return new RequestSample(0, Stopwatch.GetElapsedTime(start).TotalMilliseconds, 0, 0, lag);
        }
    }

    private static double Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values)
            ? double.Parse(values.First(), CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"The gateway's answer lacks the {name} header.");
}
