using System.Text.Json.Nodes;

namespace Platform.Models.Benchmarks;

/// <summary>
/// Loads every precision of one model in a process of its own (one load at a time), keeps them all loaded, and measures
/// them in alternation: time to first token once each, then rounds of decoding at 1 and at 8 concurrent requests, the
/// order rotating each round. A shared machine's speed drifts by tens of percent within minutes; precisions measured
/// back to back in the same round meet the same load, so their per-round ratio is the number to trust.
/// </summary>
internal static class PairedRounds
{
    private const string Baseline = "fp32";

    public static JsonObject Run(
        IReadOnlyDictionary<string, string> folders, int threads, long kvPoolBytes, int decodeTokens, int rounds, bool ttft, TextWriter log)
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
            foreach (var (precision, model) in ttft ? served : [])
            {
                var prefill = model.Send("ttft");
                results[precision]["prompt_tokens"] = prefill["prompt_tokens"]!.DeepClone();
                results[precision]["ttft_seconds"] = prefill["ttft_seconds"]!.DeepClone();
                log.WriteLine($"{precision}: {prefill.ToJsonString()}");
            }

            var order = folders.Keys.ToArray();
            var rates = order.ToDictionary(p => p, _ => new Dictionary<int, List<double>> { [1] = [], [8] = [] });
            for (var round = 0; round < rounds; round++)
            {
                var rotated = order.Skip(round % order.Length).Concat(order.Take(round % order.Length)).ToArray();
                foreach (var concurrency in new[] { 1, 8 })
                {
                    foreach (var precision in rotated)
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
                report[$"against_{Baseline}"] = Ratios(results, rates, kvPoolBytes >> 20);
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
    private static JsonObject Ratios(Dictionary<string, JsonObject> results, Dictionary<string, Dictionary<int, List<double>>> rates, long kvPoolMib)
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

            perRound["resident_after_load"] = Math.Round(Mib(result, "resident_mib_after_load") / Mib(baseline, "resident_mib_after_load"), 3);
            perRound["resident_after_runs"] = Math.Round(Mib(result, "resident_mib_after_runs") / Mib(baseline, "resident_mib_after_runs"), 3);
            perRound["resident_with_full_kv_pool"] = Math.Round(
                (Mib(result, "resident_mib_after_load") + kvPoolMib) / (Mib(baseline, "resident_mib_after_load") + kvPoolMib), 3);
            ratios[precision] = perRound;
        }

        return ratios;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : Math.Round((sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2, 3);
    }
}
