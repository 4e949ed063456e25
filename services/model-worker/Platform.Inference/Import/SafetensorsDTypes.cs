namespace Platform.Inference.Import;

internal static class SafetensorsDTypes
{
    public static int Size(SafetensorsDType type) => type == SafetensorsDType.F32 ? 4 : 2;

    public static string Name(SafetensorsDType type) => type.ToString();

    public static SafetensorsDType Parse(string name, string tensor) => name switch
    {
        "F32" => SafetensorsDType.F32,
        "F16" => SafetensorsDType.F16,
        "BF16" => SafetensorsDType.BF16,
        _ => throw new NotSupportedException(
            $"Tensor '{tensor}' has dtype {name}; only F32, F16 and BF16 weights can be imported (quantized checkpoints are not supported)."),
    };
}
