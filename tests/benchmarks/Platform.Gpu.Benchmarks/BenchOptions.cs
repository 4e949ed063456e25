using System.Globalization;

namespace Platform.Gpu.Benchmarks;

/// <summary>Command line of the GPU benchmark; every value has a default that fits the device script.</summary>
internal sealed record BenchOptions
{
    public string Provider { get; init; } = "cuda";
    public string OutputDirectory { get; init; } = ".";
    public string ModelDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "platform-gpu-bench");
    /// <summary>qwen1.5b (Qwen2.5-Coder-1.5B's shape) or tiny (CPU smoke runs).</summary>
    public string Spec { get; init; } = "qwen1.5b";
    public int Requests { get; init; } = 256;
    public int PromptTokens { get; init; } = 512;
    public int OutputTokens { get; init; } = 128;
    public int BlockSize { get; init; } = 16;
    public int MaxBatchedTokens { get; init; } = 8192;
    /// <summary>Block sizes the correctness check tries, to find which the PagedAttention kernel accepts.</summary>
    public IReadOnlyList<int> CorrectnessBlockSizes { get; init; } = [16, 32, 256];
    public bool Correctness { get; init; } = true;
    public bool Speed { get; init; } = true;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--provider" => options with { Provider = Next() },
                "--out" => options with { OutputDirectory = Next() },
                "--model-dir" => options with { ModelDirectory = Next() },
                "--spec" => options with { Spec = Next() },
                "--requests" => options with { Requests = Int() },
                "--prompt" => options with { PromptTokens = Int() },
                "--output" => options with { OutputTokens = Int() },
                "--block-size" => options with { BlockSize = Int() },
                "--max-batched-tokens" => options with { MaxBatchedTokens = Int() },
                "--correctness-block-sizes" => options with
                {
                    CorrectnessBlockSizes = [.. Next().Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))],
                },
                "--skip-correctness" => options with { Correctness = false },
                "--skip-speed" => options with { Speed = false },
                _ => throw new ArgumentException($"Unknown argument {args[i]}."),
            };
        }

        return options.Provider is "cuda" or "cpu" ? options : throw new ArgumentException("--provider is cuda or cpu.");
    }
}
