namespace Platform.Inference.Import;

/// <summary>A tensor to write: float32 values stored as <paramref name="DType"/> (narrowed with round-to-nearest-even).</summary>
internal sealed record SafetensorsTensor(string Name, SafetensorsDType DType, IReadOnlyList<long> Shape, float[] Values);
