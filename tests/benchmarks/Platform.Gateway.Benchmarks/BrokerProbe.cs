using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Platform.Gateway.Benchmarks;

/// <summary>What the broker probe saw over one rate: its round trips, and how many took over 10 ms.</summary>
internal sealed record BrokerProbeResult(
    [property: JsonPropertyName("round_trips")] int RoundTrips,
    [property: JsonPropertyName("round_trip")] LatencySummary RoundTrip,
    [property: JsonPropertyName("over_10ms")] int Over10Ms);

/// <summary>
/// A separate process that sends a tiny message through RabbitMQ every 2 ms, on a connection and a queue of its own,
/// while a rate runs, and reports the round trips. When the broker or the machine stalls, the probe stalls with the
/// platform; when only the platform's requests are slow, the probe is not. On this shared two-core machine the
/// request clusters of the latency tail line up with probe stalls of 10-80 ms, which an idle broker never shows.
/// </summary>
internal static class BrokerProbe
{
    public const string Argument = "--broker-probe";
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(2);

    /// <summary>Starts the probe for <paramref name="duration"/> in a child process (the RabbitMQ address travels in its environment, not its arguments).</summary>
    public static Process Start(TimeSpan duration)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (!Path.GetFileNameWithoutExtension(Environment.ProcessPath!).Equals(typeof(BrokerProbe).Assembly.GetName().Name, StringComparison.Ordinal))
        {
            start.ArgumentList.Add(typeof(BrokerProbe).Assembly.Location); // run as "dotnet Platform.Gateway.Benchmarks.dll"
        }

        start.ArgumentList.Add(Argument);
        start.ArgumentList.Add(duration.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        return Process.Start(start) ?? throw new InvalidOperationException("The broker probe did not start.");
    }

    /// <summary>Waits for a started probe and reads its report (null if it failed).</summary>
    public static async Task<BrokerProbeResult?> ResultAsync(Process probe)
    {
        using (probe)
        {
            var output = await probe.StandardOutput.ReadToEndAsync();
            await probe.WaitForExitAsync();
            return probe.ExitCode == 0 ? JsonSerializer.Deserialize<BrokerProbeResult>(output) : null;
        }
    }

    /// <summary>The child's side: probes for the given seconds and writes the report to stdout.</summary>
    public static async Task<int> RunAsync(string rabbitMq, double seconds)
    {
        var factory = new ConnectionFactory { Uri = new Uri(rabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        var roundTrips = new List<double>();
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            var sent = BitConverter.ToInt64(delivery.Body.Span);
            lock (roundTrips)
            {
                roundTrips.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }

            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer);

        var until = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            await channel.BasicPublishAsync("", queue, BitConverter.GetBytes(Stopwatch.GetTimestamp()));
            Thread.Sleep(Interval); // a plain sleep: the probe's pace must not depend on a thread pool
        }

        await Task.Delay(TimeSpan.FromMilliseconds(200)); // the last answers
        lock (roundTrips)
        {
            Console.WriteLine(JsonSerializer.Serialize(new BrokerProbeResult(
                roundTrips.Count, LatencySummary.Of(roundTrips), roundTrips.Count(milliseconds => milliseconds > 10))));
        }

        return 0;
    }
}
