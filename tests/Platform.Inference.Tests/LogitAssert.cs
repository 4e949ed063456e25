namespace Platform.Inference.Tests;

internal static class LogitAssert
{
    public static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance, string context)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0f;
        var worstIndex = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var difference = MathF.Abs(expected[i] - actual[i]);
            if (!(difference <= worst))
            {
                (worst, worstIndex) = (difference, i);
            }
        }

        Assert.True(worst <= tolerance,
            $"{context}: logit {worstIndex} differs by {worst} (expected {expected[worstIndex]}, got {actual[worstIndex]}).");
    }
}
