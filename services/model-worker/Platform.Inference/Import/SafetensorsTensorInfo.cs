namespace Platform.Inference.Import;

/// <summary>Where one tensor lies in a safetensors file: offsets are relative to the byte buffer after the header.</summary>
internal sealed record SafetensorsTensorInfo(string Name, SafetensorsDType DType, IReadOnlyList<long> Shape, long Begin, long End)
{
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);
}
