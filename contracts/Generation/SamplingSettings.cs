namespace Platform.Contracts.Generation;

/// <summary>
/// How to sample one generation: the one sampling type from the gateway's request readers to the engine's sampler.
/// Each property's initial value is the neutral one (that filter or penalty off); the product's defaults
/// (e.g. max tokens per endpoint, temperature 1) are the gateway's <c>SamplingDefaults</c>.
/// </summary>
public sealed record SamplingSettings
{
    /// <summary>Tokens to generate at most; the engine stops the sequence with <see cref="FinishReason.Length"/> there.</summary>
    public required int MaxTokens { get; init; }
    /// <summary>0 means greedy.</summary>
    public float Temperature { get; init; }
    public float TopP { get; init; } = 1f;
    /// <summary>0 means no top-k filter.</summary>
    public int TopK { get; init; }
    public float RepetitionPenalty { get; init; } = 1f;
    public float PresencePenalty { get; init; }
    public float FrequencyPenalty { get; init; }
    public long? Seed { get; init; }
    public IReadOnlyList<string> Stop { get; init; } = [];
    /// <summary>Token ids that end the generation like the model's end-of-sequence token (and, like it, add no text).</summary>
    public IReadOnlyList<int> StopTokenIds { get; init; } = [];
    /// <summary>Tokens to generate before end-of-sequence or a stop token id may end the generation.</summary>
    public int MinTokens { get; init; }
    /// <summary>Added to a token id's logit before sampling (OpenAI's <c>logit_bias</c>: -100 bans, 100 forces).</summary>
    public IReadOnlyDictionary<int, float> LogitBias { get; init; } = new Dictionary<int, float>();
    /// <summary>Report each generated token's log-probability (OpenAI's <c>logprobs</c>).</summary>
    public bool Logprobs { get; init; }
    /// <summary>With <see cref="Logprobs"/>, also this many most likely tokens at each position (0–20).</summary>
    public int TopLogprobs { get; init; }
    /// <summary>When true, end-of-sequence tokens are generated like any other (vLLM's <c>ignore_eos</c>; benchmarks).</summary>
    public bool IgnoreEndOfSequence { get; init; }
}
