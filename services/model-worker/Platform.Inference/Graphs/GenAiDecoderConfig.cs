namespace Platform.Inference.Graphs;

/// <summary>The decoder section of genai_config.json.</summary>
internal sealed record GenAiDecoderConfig(
    string Filename,
    int HiddenSize,
    int NumAttentionHeads,
    int NumKeyValueHeads,
    int HeadSize,
    int NumHiddenLayers,
    DecoderIoNames Names);
