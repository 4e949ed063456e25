namespace Platform.Inference.Graphs;

/// <summary>
/// Rotary position embedding tables in the Hugging Face "rotate_half" layout: row p holds cos(p·θ_i) for the
/// first half of the head and the same values again for the second half (likewise sin).
/// </summary>
internal static class RotaryTables
{
    public static (float[] Cos, float[] Sin) Create(int maxPositions, int headSize, float theta)
    {
        var half = headSize / 2;
        var cos = new float[maxPositions * headSize];
        var sin = new float[maxPositions * headSize];
        for (var i = 0; i < half; i++)
        {
            var inverseFrequency = 1.0 / Math.Pow(theta, 2.0 * i / headSize);
            for (var p = 0; p < maxPositions; p++)
            {
                var angle = p * inverseFrequency;
                var (c, s) = ((float)Math.Cos(angle), (float)Math.Sin(angle));
                cos[(p * headSize) + i] = cos[(p * headSize) + i + half] = c;
                sin[(p * headSize) + i] = sin[(p * headSize) + i + half] = s;
            }
        }

        return (cos, sin);
    }
}
