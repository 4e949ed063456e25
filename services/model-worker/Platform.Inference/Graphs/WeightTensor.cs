namespace Platform.Inference.Graphs;

/// <summary>A weight tensor in Hugging Face layout (linear weights are [out, in]).</summary>
internal sealed record WeightTensor(float[] Data, int[] Shape);
