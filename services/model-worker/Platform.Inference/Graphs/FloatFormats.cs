namespace Platform.Inference.Graphs;

/// <summary>
/// Conversions between float32 and the 16-bit formats of checkpoints and GPU graphs. Narrowing rounds to nearest,
/// ties to even (IEEE 754 default); widening is exact.
/// </summary>
internal static class FloatFormats
{
    public static float FromBFloat16(ushort bits) => BitConverter.Int32BitsToSingle(bits << 16);

    public static float FromFloat16(ushort bits) => (float)BitConverter.UInt16BitsToHalf(bits);

    /// <summary>bf16 is the upper half of an fp32: round the lower 16 bits away to nearest even, keeping NaNs quiet NaNs.</summary>
    public static ushort ToBFloat16(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
        {
            return (ushort)((bits >> 16) | 0x0040);
        }

        var roundingBias = 0x7FFFu + ((bits >> 16) & 1);
        return (ushort)((bits + roundingBias) >> 16);
    }

    /// <summary>.NET's float → Half conversion is correctly rounded (nearest, ties to even), subnormals and overflow included.</summary>
    public static ushort ToFloat16(float value) => BitConverter.HalfToUInt16Bits((Half)value);

    /// <summary>The float32 a value becomes after a round trip through bf16.</summary>
    public static float RoundToBFloat16(float value) => FromBFloat16(ToBFloat16(value));
}
