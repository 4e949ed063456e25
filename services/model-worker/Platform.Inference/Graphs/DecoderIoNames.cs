using System.Globalization;

namespace Platform.Inference.Graphs;

/// <summary>Names of the decoder graph's inputs and outputs; the KV names hold "%d" for the layer index.</summary>
internal sealed record DecoderIoNames(
    string InputIds = "input_ids",
    string AttentionMask = "attention_mask",
    string PositionIds = "position_ids",
    string PastKeyNames = "past_key_values.%d.key",
    string PastValueNames = "past_key_values.%d.value",
    string Logits = "logits",
    string PresentKeyNames = "present.%d.key",
    string PresentValueNames = "present.%d.value")
{
    public string PastKey(int layer) => Format(PastKeyNames, layer);

    public string PastValue(int layer) => Format(PastValueNames, layer);

    public string PresentKey(int layer) => Format(PresentKeyNames, layer);

    public string PresentValue(int layer) => Format(PresentValueNames, layer);

    private static string Format(string pattern, int layer) =>
        pattern.Replace("%d", layer.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
