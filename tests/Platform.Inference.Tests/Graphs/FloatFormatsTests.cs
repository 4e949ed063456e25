using Platform.Inference.Graphs;

namespace Platform.Inference.Tests.Graphs;

public sealed class FloatFormatsTests
{
    [Theory]
    [InlineData(1f, 0x3C00)]
    [InlineData(-2f, 0xC000)]
    [InlineData(65504f, 0x7BFF)]            // largest finite half
    [InlineData(65520f, 0x7C00)]            // halfway to the next binade rounds to +inf
    [InlineData(1f + (1f / 2048), 0x3C00)]  // tie between 0x3C00 and 0x3C01 → even
    [InlineData(1f + (3f / 2048), 0x3C02)]  // tie between 0x3C01 and 0x3C02 → even
    [InlineData(1f + (1.5f / 2048), 0x3C01)] // above the tie → up
    [InlineData(5.9604645e-8f, 0x0001)]     // 2^-24, smallest subnormal
    [InlineData(2.9802322e-8f, 0x0000)]     // 2^-25, tie with zero → even (zero)
    [InlineData(8.940697e-8f, 0x0002)]      // 1.5 · 2^-24 → tie → even (2)
    [InlineData(0.1f, 0x2E66)]
    public void Float16_rounds_to_nearest_even(float value, int bits) => Assert.Equal((ushort)bits, FloatFormats.ToFloat16(value));

    [Theory]
    [InlineData(0x3F800000u, 0x3F80)]       // 1
    [InlineData(0x3F808000u, 0x3F80)]       // tie → even
    [InlineData(0x3F818000u, 0x3F82)]       // tie → even (up)
    [InlineData(0x3F808001u, 0x3F81)]       // just above the tie → up
    [InlineData(0x7F7FFFFFu, 0x7F80)]       // float max rounds to +inf
    public void BFloat16_rounds_to_nearest_even(uint fp32Bits, int bits) =>
        Assert.Equal((ushort)bits, FloatFormats.ToBFloat16(BitConverter.UInt32BitsToSingle(fp32Bits)));

    [Fact]
    public void NaN_stays_NaN_in_both_formats()
    {
        Assert.True(float.IsNaN(FloatFormats.FromBFloat16(FloatFormats.ToBFloat16(float.NaN))));
        Assert.True(float.IsNaN(FloatFormats.FromFloat16(FloatFormats.ToFloat16(float.NaN))));
        Assert.True(float.IsNaN(FloatFormats.RoundToBFloat16(BitConverter.UInt32BitsToSingle(0x7F800001u))));
    }

    [Fact]
    public void Widening_is_exact_for_every_finite_half()
    {
        for (var bits = 0; bits < 0x7C00; bits++)
        {
            Assert.Equal((ushort)bits, FloatFormats.ToFloat16(FloatFormats.FromFloat16((ushort)bits)));
        }
    }
}
