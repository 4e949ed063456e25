using Platform.Contracts.Generation;
using Platform.Inference.Engine;
using Platform.Inference.Graphs;

namespace Platform.Gpu.Benchmarks;

/// <summary>
/// (a) 16 requests of mixed prompt lengths, scheduled with chunked prefill beside decodes, run through the runner
/// under test and the fp32 CPU runner on the same scheduler outputs; both are teacher-forced with the same
/// continuation, so every step's logits are comparable. Tried for each block size, to learn which the kernel takes.
/// </summary>
internal sealed class CorrectnessCheck(BenchOptions options, (string Cpu, string Gpu) folders)
{
    private const int Requests = 16;
    private const int ForcedTokens = 8;
    private const double Tolerance = 0.05;
    private static readonly int[] PromptLengths = [1, 3, 5, 17, 31, 64, 77, 100, 129, 150, 200, 255, 256, 257, 300, 400];

    public Dictionary<string, object> Run()
    {
        var report = new Dictionary<string, object>();
        foreach (var blockSize in options.CorrectnessBlockSizes)
        {
            try
            {
                report[$"block_size_{blockSize}"] = RunOne(blockSize);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                report[$"block_size_{blockSize}"] = new Dictionary<string, object> { ["pass"] = false, ["error"] = $"{e.GetType().Name}: {e.Message}" };
            }

            Console.Error.WriteLine($"correctness, block size {blockSize}: {System.Text.Json.JsonSerializer.Serialize(report[$"block_size_{blockSize}"])}");
        }

        return report;
    }

    private Dictionary<string, object> RunOne(int blockSize)
    {
        var config = GenAiConfig.Load(Path.Combine(folders.Cpu, GenAiConfig.FileName));
        var maxLength = Math.Min(config.ContextLength, PromptLengths.Max() + ForcedTokens);
        var perSequence = (maxLength + blockSize - 1) / blockSize;
        var numBlocks = (Requests * perSequence) + 1;
        using var reference = Runners.Reference(folders.Cpu, config, numBlocks, blockSize);
        using var candidate = Runners.Create(options.Provider, folders, config, numBlocks, blockSize);
        var scheduler = new Scheduler(new SchedulerOptions
        {
            BlockSize = blockSize, NumBlocks = numBlocks, MaxBatchedTokens = 256, MaxRunningSequences = Requests,
            MaxModelLength = config.ContextLength, EnablePrefixCaching = false,
        });
        var random = new Random(5);
        var forced = new Dictionary<string, int[]>(StringComparer.Ordinal);
        for (var i = 0; i < Requests; i++)
        {
            var id = $"r{i}";
            var length = Math.Min(PromptLengths[i], maxLength - ForcedTokens);
            scheduler.Add(new Sequence(id, Enumerable.Range(0, length).Select(_ => random.Next(config.VocabSize)), new SamplingSettings { MaxTokens = ForcedTokens }));
            forced[id] = [.. Enumerable.Range(0, ForcedTokens).Select(_ => random.Next(config.VocabSize))];
        }

        var generated = forced.Keys.ToDictionary(k => k, _ => 0, StringComparer.Ordinal);
        var (rows, firstAgree, allAgree, worstRelative, worstAbsolute, nan, steps, mixedSteps) = (0, 0, 0, 0.0, 0.0, 0, 0, 0);
        var sampled = new Dictionary<string, SampledToken>(StringComparer.Ordinal);
        while (scheduler.HasUnfinished)
        {
            var output = scheduler.Schedule();
            steps++;
            mixedSteps += output.Scheduled.Any(s => s.IsDecode) && output.Scheduled.Any(s => !s.IsDecode) ? 1 : 0;
            var expected = reference.Execute(output);
            var actual = candidate.Execute(output);
            sampled.Clear();
            for (var i = 0; i < output.Scheduled.Length; i++)
            {
                var row = output.Scheduled[i];
                if (!row.SamplesNextToken)
                {
                    continue;
                }

                var e = expected.Row(i);
                var a = actual.Row(i);
                var (difference, norm, absolute) = (0.0, 0.0, 0.0);
                for (var v = 0; v < e.Length; v++)
                {
                    nan += float.IsFinite(a[v]) ? 0 : 1;
                    var d = (double)a[v] - e[v];
                    (difference, norm, absolute) = (difference + (d * d), norm + ((double)e[v] * e[v]), Math.Max(absolute, Math.Abs(d)));
                }

                worstRelative = Math.Max(worstRelative, Math.Sqrt(difference / Math.Max(norm, 1e-30)));
                worstAbsolute = Math.Max(worstAbsolute, absolute);
                var agree = ArgMax(e) == ArgMax(a);
                var k = generated[row.RequestId]++;
                (rows, allAgree, firstAgree) = (rows + 1, allAgree + (agree ? 1 : 0), firstAgree + (agree && k == 0 ? 1 : 0));
                sampled[row.RequestId] = new SampledToken(forced[row.RequestId][k]);
            }

            scheduler.UpdateFromOutput(output, sampled);
        }

        return new Dictionary<string, object>
        {
            ["pass"] = nan == 0 && worstRelative <= Tolerance && firstAgree == Requests,
            ["requests"] = Requests,
            ["steps"] = steps,
            ["steps_mixing_prefill_and_decode"] = mixedSteps,
            ["logit_rows_compared"] = rows,
            ["max_relative_l2"] = worstRelative,
            ["max_abs_diff"] = worstAbsolute,
            ["tolerance_relative_l2"] = Tolerance,
            ["non_finite_logits"] = nan,
            ["first_token_argmax_agree"] = firstAgree,
            ["all_rows_argmax_agree"] = allAgree,
        };
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            best = values[i] > values[best] ? i : best;
        }

        return best;
    }
}
