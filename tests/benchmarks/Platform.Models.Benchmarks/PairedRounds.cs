using System.Text.Json.Nodes;

namespace Platform.Models.Benchmarks;

/// <summary>
/// Loads every precision of one model in a process of its own (one load at a time), keeps them all loaded, and measures
/// them in alternation: rounds of time to first token, then rounds of decoding at 1 and at 8 concurrent requests, the
/// order rotating each round. A shared machine's speed drifts by tens of percent within minutes; precisions measured
/// back to back in the same round meet the same load, so their per-round ratio is the number to trust.
/// </summary>
internal static class PairedRounds
{
    private const string Baseline = "fp32";

    public static JsonObject Run(
        IReadOnlyDictionary<string, string> folders, int threads, long kvPoolBytes, int decodeTokens, int rounds, int ttftRounds, TextWriter log)
    {
        var served = new Dictionary<string, ServedModel>();
        try
        {
            foreach (var (precision, folder) in folders)
            {
                served[precision] = ServedModel.Start(folder, threads, kvPoolBytes);
                log.WriteLine($"{precision}: loaded {served[precision].Loaded.ToJsonString()}");
            }

            var results = folders.Keys.ToDictionary(p => p, p => (JsonObject)served[p].Loaded.DeepClone());
            var order = folders.Keys.ToArray();
            var prefills = order.ToDictionary(p => p, _ => new List<double>());
            for (var round = 0; round < ttftRounds; round++)
            {
                foreach (var precision in Rotated(order, round))
                {
                    var prefill = served[precision].Send("ttft");
                    results[precision]["prompt_tokens"] = prefill["prompt_tokens"]!.DeepClone();
                    prefills[precision].Add((double)prefill["ttft_seconds"]!);
                    log.WriteLine($"ttft round {round + 1}: {precision} {prefill.ToJsonString()}");
                }
            }

            foreach (var (precision, seconds) in prefills.Where(p => p.Value.Count > 0))
            {
                results[precision]["ttft_seconds"] = Median(seconds);
                results[precision]["ttft_seconds_rounds"] = new JsonArray([.. seconds.Select(t => (JsonNode)t)]);
            }

            var rates = order.ToDictionary(p => p, _ => new Dictionary<int, List<double>> { [1] = [], [8] = [] });
            for (var round = 0; round < rounds; round++)
            {
                foreach (var concurrency in new[] { 1, 8 })
                {
                    foreach (var precision in Rotated(order, round))
                    {
                        var rate = (double)served[precision].Send($"decode {concurrency} {decodeTokens}")["tokens_per_second"]!;
                        rates[precision][concurrency].Add(rate);
                        log.WriteLine($"round {round + 1}: {precision} x{concurrency} {rate} tokens/s");
                    }
                }
            }

            foreach (var (precision, model) in served)
            {
                var memory = model.Send("memory");
                results[precision]["resident_mib_after_runs"] = memory["resident_mib"]!.DeepClone();
                results[precision]["peak_resident_mib"] = memory["peak_resident_mib"]!.DeepClone();
                foreach (var concurrency in new[] { 1, 8 })
                {
                    results[precision][$"tokens_per_second_{concurrency}"] = Median(rates[precision][concurrency]);
                    results[precision][$"tokens_per_second_{concurrency}_rounds"] = new JsonArray([.. rates[precision][concurrency].Select(r => (JsonNode)r)]);
                }
            }

            var report = new JsonObject { ["precisions"] = new JsonObject([.. results.Select(r => KeyValuePair.Create(r.Key, (JsonNode?)r.Value))]) };
            if (results.ContainsKey(Baseline))
            {
                report[$"against_{Baseline}"] = Ratios(results, rates, prefills, kvPoolBytes >> 20);
            }

            return report;
        }
        finally
        {
            foreach (var model in served.Values)
            {
                model.Dispose();
            }
        }
    }

    /// <summary>
    /// Each precision's memory as a fraction of fp32's — after load (the KV pool reserved but untouched, in both), after
    /// the runs, and with the whole KV pool resident in both (the bound a full cache reaches) — and its decode rate over
    /// fp32's in each round.
    /// </summary>
    private static JsonObject Ratios(
        Dictionary<string, JsonObject> results, Dictionary<string, Dictionary<int, List<double>>> rates, Dictionary<string, List<double>> prefills, long kvPoolMib)
    {
        var baseline = results[Baseline];
        double Mib(JsonObject result, string name) => (double)result[name]!;
        var ratios = new JsonObject();
        foreach (var (precision, result) in results.Where(r => r.Key != Baseline))
        {
            var perRound = new JsonObject();
            foreach (var concurrency in new[] { 1, 8 })
            {
                var paired = rates[precision][concurrency].Zip(rates[Baseline][concurrency], (a, b) => Math.Round(a / b, 2)).ToList();
                perRound[$"decode_{concurrency}_rounds"] = new JsonArray([.. paired.Select(r => (JsonNode)r)]);
                perRound[$"decode_{concurrency}"] = Median(paired);
            }

            // Time to first token as a speed-up over fp32's in the same round (above 1: faster).
            var ttft = prefills[Baseline].Zip(prefills[precision], (b, a) => Math.Round(b / a, 2)).ToList();
            perRound["ttft_speedup_rounds"] = new JsonArray([.. ttft.Select(r => (JsonNode)r)]);
            perRound["ttft_speedup"] = Median(ttft);
            perRound["resident_after_load"] = Math.Round(Mib(result, "resident_mib_after_load") / Mib(baseline, "resident_mib_after_load"), 3);
            perRound["resident_after_runs"] = Math.Round(Mib(result, "resident_mib_after_runs") / Mib(baseline, "resident_mib_after_runs"), 3);
            perRound["resident_with_full_kv_pool"] = Math.Round(
                (Mib(result, "resident_mib_after_load") + kvPoolMib) / (Mib(baseline, "resident_mib_after_load") + kvPoolMib), 3);
            ratios[precision] = perRound;
        }

        return ratios;
    }

    private static IEnumerable<string> Rotated(string[] order, int round) =>
        order.Skip(round % order.Length).Concat(order.Take(round % order.Length));

    private static double? Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? null
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : Math.Round((sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2, 3);
    }
}
