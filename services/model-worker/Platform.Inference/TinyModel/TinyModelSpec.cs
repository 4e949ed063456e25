using Platform.Inference.Graphs;

namespace Platform.Inference.TinyModel;

/// <summary>
/// Shape and seed of a generated Qwen2-architecture decoder. <see cref="Default"/> is the tiny test model;
/// <see cref="Benchmark"/> is a ~31M-parameter variant for throughput benchmarks.
/// </summary>
public sealed record TinyModelSpec
{
    public int HiddenSize { get; init; } = 64;
    public int IntermediateSize { get; init; } = 128;
    public int NumHiddenLayers { get; init; } = 2;
    public int NumAttentionHeads { get; init; } = 4;
    public int NumKeyValueHeads { get; init; } = 2;
    /// <summary>Rows of the embedding and lm_head; at least the trained tokenizer's size (rest are padding ids).</summary>
    public int VocabSize { get; init; } = 1024;
    public int ContextLength { get; init; } = 512;
    public float RmsNormEps { get; init; } = 1e-6f;
    public float RopeTheta { get; init; } = 10000f;
    /// <summary>Number of BPE merges to learn from the embedded corpus (fewer if the corpus runs out).</summary>
    public int TokenizerMerges { get; init; } = 700;
    public ulong Seed { get; init; } = 20250101;

    public int HeadSize => HiddenSize / NumAttentionHeads;

    /// <summary>The decoder this spec describes, as the graph builders take it: Qwen2 (q/k/v biases, untied lm_head).</summary>
    internal DecoderArchitecture Architecture => new(
        HiddenSize,
        IntermediateSize,
        NumHiddenLayers,
        NumAttentionHeads,
        NumKeyValueHeads,
        VocabSize,
        ContextLength,
        RmsNormEps,
        RopeTheta,
        AttentionBias: true,
        TieWordEmbeddings: false);

    public static TinyModelSpec Default { get; } = new();

    /// <summary>Roughly 31M parameters (~124 MB fp32): for benchmarks, not tests.</summary>
    public static TinyModelSpec Benchmark { get; } = new()
    {
        HiddenSize = 512,
        IntermediateSize = 1408,
        NumHiddenLayers = 8,
        NumAttentionHeads = 8,
        NumKeyValueHeads = 2,
        VocabSize = 8192,
        ContextLength = 2048,
        TokenizerMerges = 4000,
    };

    internal void Validate()
    {
        if (HiddenSize % NumAttentionHeads != 0 || HeadSize % 2 != 0)
        {
            throw new ArgumentException("hidden_size must split into heads of an even size.");
        }

        if (NumAttentionHeads % NumKeyValueHeads != 0)
        {
            throw new ArgumentException("num_attention_heads must be a multiple of num_key_value_heads.");
        }

        if (VocabSize < 256 + SpecialTokenCount)
        {
            throw new ArgumentException("vocab_size must hold the 256 byte tokens and the special tokens.");
        }
    }

    internal const int SpecialTokenCount = 7;
}
