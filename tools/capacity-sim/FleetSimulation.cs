namespace Platform.CapacitySimulator;

/// <summary>One hour of the simulated day.</summary>
public sealed record HourResult(int Hour, double RequestsPerSecond, int Gateways, int Workers, double WaitP95Seconds, double LatencyP95Seconds, double RefusedShare);

/// <summary>A simulated day for one fleet size.</summary>
public sealed record DayResult(
    int Developers,
    IReadOnlyList<HourResult> Hours,
    double PeakRequestsPerSecond,
    int PeakWorkers,
    double WorkerHours,
    int PeakGateways,
    double WaitP95Seconds,
    double LatencyP95Seconds,
    double RefusedShare);

/// <summary>
/// A day of one model's fleet in 100 ms steps, as fluids (after a day of warm-up, so that no cold start counts): requests arrive per the day trace, wait in the model's
/// queue (first in, first out, kept as per-second buckets so every request's wait is known), are taken by workers with
/// free slots, and finish at the rate the throughput curve gives for the workers' batch. KEDA polls the queue
/// (ready + in flight) and sets workers to that over the per-replica target, within its bounds, scaling up at once,
/// down after the stabilization window one worker a minute, to zero after the cooldown; new workers take requests
/// after their start time. Requests that waited past the gateway's limit are refused. The gateway's HPA holds CPU at its target.
/// </summary>
public static class FleetSimulation
{
    private const double Step = 0.1;
    private const int StepsPerSecond = 10;

    public static DayResult Run(SimulationSettings settings)
    {
        var trace = new DayTrace(settings.Developers, settings.PeakRequestsPerDeveloper);
        var keda = settings.Keda;
        var worker = settings.Worker;
        var queue = new List<(double ArrivedAt, double Count)>(); // buckets from `head` on are waiting
        var head = 0;
        var pendingStarts = new List<double>(); // times at which starting workers become ready
        var day = new DayStatistics();
        var hour = new DayStatistics();
        var hours = new List<HourResult>();
        var desiredHistory = new Queue<(double At, int Desired)>();
        double queued = 0, inService = 0, workerSeconds = 0;
        int ready = Math.Max(keda.MinReplicaCount, 0), target = ready, gateways = settings.Gateway.MinReplicas;
        int hourWorkers = ready, hourGateways = gateways, peakWorkers = 0, peakGateways = 0;
        double activeAt = 0, lastScaleDown = double.MinValue, lastGatewayScaleDown = 0;
        var steps = 2 * DayTrace.SecondsPerDay * StepsPerSecond;

        for (var step = 0; step < steps; step++)
        {
            var now = step * Step;
            var measuring = step >= DayTrace.SecondsPerDay * StepsPerSecond;

            // Arrivals.
            var rate = trace.RequestsPerSecond(now % DayTrace.SecondsPerDay);
            queue.Add((now, rate * Step));
            queued += rate * Step;

            // Workers that finished starting.
            ready += pendingStarts.RemoveAll(at => at <= now);

            // The gateway gives up on requests that waited past its limit (503); workers drop them unstarted.
            while (head < queue.Count && now - queue[head].ArrivedAt > settings.MaxWaitSeconds)
            {
                queued -= queue[head].Count;
                if (measuring)
                {
                    day.Refused += queue[head].Count;
                    hour.Refused += queue[head].Count;
                }

                head++;
            }

            // Free slots take from the head of the queue; each bucket's wait is now less its arrival.
            var batch = ready > 0 ? inService / ready : 0;
            var free = Math.Max(0, (ready * worker.Slots) - inService);
            while (free > 1e-9 && head < queue.Count)
            {
                var (arrivedAt, count) = queue[head];
                var taken = Math.Min(count, free);
                if (measuring)
                {
                    var wait = now - arrivedAt;
                    var latency = wait + worker.Throughput.ServiceSeconds(Math.Max(batch, 1), worker.TokensPerRequest);
                    day.Add(wait, latency, taken);
                    hour.Add(wait, latency, taken);
                }

                free -= taken;
                queued -= taken;
                inService += taken;
                if (count > taken)
                {
                    queue[head] = (arrivedAt, count - taken);
                }
                else
                {
                    head++;
                }
            }

            if (head > 100_000)
            {
                queue.RemoveRange(0, head);
                head = 0;
            }

            // KEDA polls ready + in-flight messages.
            if (step % (keda.PollingInterval * StepsPerSecond) == 0)
            {
                target = Poll(keda, now, queued + inService, target, ref activeAt, ref lastScaleDown, desiredHistory, pendingStarts, worker.StartupSeconds);
                while (ready + pendingStarts.Count > target)
                {
                    if (pendingStarts.Count > 0)
                    {
                        pendingStarts.RemoveAt(pendingStarts.Count - 1);
                    }
                    else
                    {
                        ready--;
                    }
                }
            }

            // Service for one step at the batch the workers run.
            if (ready > 0 && inService > 0)
            {
                batch = inService / ready;
                var finished = ready * worker.Throughput.TokensPerSecond(batch) / worker.TokensPerRequest * Step;
                inService = Math.Max(0, inService - finished);
            }

            // The gateway's HPA: CPU at its target share of each replica's request; up at once, down at most every
            // five minutes (the HPA's default scale-down stabilization).
            var cpuCores = rate * settings.Gateway.CpuMillisecondsPerRequest / 1000;
            var wanted = Math.Clamp((int)Math.Ceiling(cpuCores / (settings.Gateway.CpuRequestCores * settings.Gateway.TargetUtilization)),
                settings.Gateway.MinReplicas, settings.Gateway.MaxReplicas);
            if (wanted > gateways || (wanted < gateways && now - lastGatewayScaleDown >= 300))
            {
                lastGatewayScaleDown = wanted < gateways ? now : lastGatewayScaleDown;
                gateways = wanted;
            }

            if (!measuring)
            {
                continue;
            }

            var running = ready + pendingStarts.Count;
            workerSeconds += running * Step;
            hourWorkers = Math.Max(hourWorkers, running);
            hourGateways = Math.Max(hourGateways, gateways);
            hour.Arrived += rate * Step;
            day.Arrived += rate * Step;
            if ((step + 1) % (3600 * StepsPerSecond) == 0)
            {
                hours.Add(new HourResult(hours.Count, hour.Arrived / 3600, hourGateways, hourWorkers, hour.Waits.Percentile(0.95), hour.Latencies.Percentile(0.95),
                    hour.Arrived > 0 ? hour.Refused / hour.Arrived : 0));
                peakWorkers = Math.Max(peakWorkers, hourWorkers);
                peakGateways = Math.Max(peakGateways, hourGateways);
                hour = new DayStatistics();
                hourWorkers = running;
                hourGateways = gateways;
            }
        }

        return new DayResult(settings.Developers, hours, trace.PeakRequestsPerSecond, peakWorkers, workerSeconds / 3600, peakGateways,
            day.Waits.Percentile(0.95), day.Latencies.Percentile(0.95), day.Arrived > 0 ? day.Refused / day.Arrived : 0);
    }

    /// <summary>
    /// One KEDA poll: workers for the metric over the per-replica target, within the bounds; up at once (new workers
    /// start), down to the highest desire of the stabilization window one worker a minute, to zero after the cooldown.
    /// Returns the new target.
    /// </summary>
    private static int Poll(KedaSettings keda, double now, double metric, int target, ref double activeAt, ref double lastScaleDown,
        Queue<(double At, int Desired)> history, List<double> pendingStarts, double startupSeconds)
    {
        if (metric > keda.ActivationQueueLength)
        {
            activeAt = now;
        }

        var desired = Math.Clamp((int)Math.Ceiling(metric / keda.QueueLength), Math.Max(keda.MinReplicaCount, 1), keda.MaxReplicaCount);
        if (keda.MinReplicaCount == 0 && (target == 0 ? metric <= keda.ActivationQueueLength : now - activeAt >= keda.CooldownPeriod))
        {
            desired = 0;
        }

        history.Enqueue((now, desired));
        while (history.Peek().At < now - keda.ScaleDownStabilizationSeconds)
        {
            history.Dequeue();
        }

        if (desired > target)
        {
            pendingStarts.AddRange(Enumerable.Repeat(now + startupSeconds, desired - target));
            return desired;
        }

        var stable = desired == 0 ? 0 : history.Max(entry => entry.Desired);
        if (stable == 0)
        {
            return 0;
        }

        if (stable < target && now - lastScaleDown >= 60)
        {
            lastScaleDown = now;
            return target - 1;
        }

        return target;
    }

    /// <summary>Waits, latencies and arrivals of a day or an hour.</summary>
    private sealed class DayStatistics
    {
        public WeightedSamples Waits { get; } = new();
        public WeightedSamples Latencies { get; } = new();
        public double Arrived { get; set; }
        public double Refused { get; set; }

        public void Add(double wait, double latency, double count)
        {
            Waits.Add(Math.Round(wait, 1), count);
            Latencies.Add(Math.Round(latency, 1), count);
        }
    }
}
