namespace Platform.Inference.Graphs;

/// <summary>
/// Hyper-parameters of a Llama/Qwen2-family decoder as the graph builder needs them
/// (the fields of a Hugging Face config.json for those architectures).
/// </summary>
internal sealed record DecoderArchitecture(
    int HiddenSize,
    int IntermediateSize,
    int NumHiddenLayers,
    int NumAttentionHeads,
    int NumKeyValueHeads,
    int VocabSize,
    int MaxPositionEmbeddings,
    float RmsNormEps,
    float RopeTheta,
    bool AttentionBias,
    bool TieWordEmbeddings)
{
    public int HeadSize => HiddenSize / NumAttentionHeads;

    /// <summary>RoPE scaling from config.json's rope_scaling (linear, dynamic NTK, llama3, YaRN); none by default.</summary>
    public RopeScaling RopeScaling { get; init; } = RopeScaling.None;
}
