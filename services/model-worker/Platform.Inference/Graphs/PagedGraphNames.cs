namespace Platform.Inference.Graphs;

/// <summary>Names of the paged graph's inputs and outputs (ONNX Runtime GenAI model builder, use_paged_attention=true).</summary>
internal static class PagedGraphNames
{
    public const string InputIds = "input_ids";
    public const string BlockTable = "block_table";
    public const string CumulativeSequenceLengths = "cumulative_sequence_lengths";
    public const string PastSequenceLengths = "past_sequence_lengths";
    public const string AttentionMetadata = "attention_metadata";
    public const string LogitsIndices = "logits_indices";
    public const string Logits = "logits";
    public const string CosCache = "cos_cache";
    public const string SinCache = "sin_cache";

    public static string PastKey(int layer) => $"past_key_values.{layer}.key";

    public static string PastValue(int layer) => $"past_key_values.{layer}.value";

    public static string PresentKey(int layer) => $"present.{layer}.key";

    public static string PresentValue(int layer) => $"present.{layer}.value";
}
