namespace Platform.Inference.Graphs;

/// <summary>How the CPU decoder graphs store their weights.</summary>
/// <param name="ExternalData">
/// The side file the weights go to (shared by the standard and the paged graph of a folder); null keeps them inside
/// the protobuf, which caps a model at 2 GB (the generated tiny model only).
/// </param>
/// <param name="Quantization">Block-quantised linear layers (MatMulNBits); null keeps them fp32.</param>
internal sealed record DecoderGraphOptions(ExternalDataFile? ExternalData = null, WeightQuantization? Quantization = null)
{
    public static readonly DecoderGraphOptions Inline = new();
}
