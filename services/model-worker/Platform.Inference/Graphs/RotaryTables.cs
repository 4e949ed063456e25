namespace Platform.Inference.Graphs;

/// <summary>
/// Rotary position embedding tables in the Hugging Face "rotate_half" layout: row p holds cos(p·θ_i) for the
/// first half of the head and the same values again for the second half (likewise sin), or only the first half for
/// the fused-RoPE caches of the GPU graph. Scaling follows Hugging Face's <c>ROPE_INIT_FUNCTIONS</c>; YaRN's attention
/// factor multiplies cos and sin, which scales both rotated queries and keys.
/// </summary>
internal static class RotaryTables
{
    public static (float[] Cos, float[] Sin) Create(int maxPositions, int headSize, float theta, RopeScaling? scaling = null, bool halfWidth = false)
    {
        scaling ??= RopeScaling.None;
        var half = headSize / 2;
        var width = halfWidth ? half : headSize;
        var cos = new float[maxPositions * width];
        var sin = new float[maxPositions * width];
        var attention = AttentionFactor(scaling);
        var frequencies = InverseFrequencies(headSize, theta, scaling);
        for (var p = 0; p < maxPositions; p++)
        {
            if (scaling.Type == RopeScaling.Dynamic && p >= scaling.OriginalMaxPositions)
            {
                frequencies = InverseFrequencies(headSize, theta, scaling, p + 1);
            }

            for (var i = 0; i < half; i++)
            {
                var angle = p * frequencies[i];
                var (c, s) = ((float)(Math.Cos(angle) * attention), (float)(Math.Sin(angle) * attention));
                cos[(p * width) + i] = c;
                sin[(p * width) + i] = s;
                if (!halfWidth)
                {
                    cos[(p * width) + i + half] = c;
                    sin[(p * width) + i + half] = s;
                }
            }
        }

        return (cos, sin);
    }

    /// <summary>
    /// θ_i for i &lt; d/2. Dynamic NTK depends on the sequence length: Hugging Face recomputes the base for the length
    /// seen so far, so a cached key keeps the frequencies of the length at which it was computed; a table row p uses
    /// those of length p + 1, which is what a token decoded at position p gets there.
    /// </summary>
    public static double[] InverseFrequencies(int headSize, float theta, RopeScaling scaling, int sequenceLength = 0)
    {
        var half = headSize / 2;
        var frequencies = new double[half];
        double b = theta;
        if (scaling.Type == RopeScaling.Dynamic && sequenceLength > scaling.OriginalMaxPositions)
        {
            var growth = (scaling.Factor * sequenceLength / scaling.OriginalMaxPositions) - (scaling.Factor - 1);
            b *= Math.Pow(growth, headSize / (headSize - 2.0));
        }

        for (var i = 0; i < half; i++)
        {
            frequencies[i] = 1.0 / Math.Pow(b, 2.0 * i / headSize);
        }

        switch (scaling.Type)
        {
            case RopeScaling.Linear:
                for (var i = 0; i < half; i++)
                {
                    frequencies[i] /= scaling.Factor;
                }

                break;
            case RopeScaling.Llama3:
                Llama3(frequencies, scaling);
                break;
            case RopeScaling.Yarn:
                Yarn(frequencies, headSize, theta, scaling);
                break;
        }

        return frequencies;
    }

    /// <summary>YaRN's multiplier of cos and sin (1 for every other scaling).</summary>
    public static double AttentionFactor(RopeScaling scaling)
    {
        if (scaling.Type != RopeScaling.Yarn)
        {
            return 1;
        }

        if (scaling.AttentionFactor is { } given)
        {
            return given;
        }

        return scaling is { Mscale: { } mscale and not 0, MscaleAllDim: { } all and not 0 }
            ? YarnMscale(scaling.Factor, mscale) / YarnMscale(scaling.Factor, all)
            : YarnMscale(scaling.Factor, 1);
    }

    private static double YarnMscale(double factor, double mscale) => factor <= 1 ? 1 : (0.1 * mscale * Math.Log(factor)) + 1;

    /// <summary>Long wavelengths divided by the factor, short ones kept, the band between blended smoothly.</summary>
    private static void Llama3(double[] frequencies, RopeScaling scaling)
    {
        double original = scaling.OriginalMaxPositions;
        var lowWavelength = original / scaling.LowFreqFactor;
        var highWavelength = original / scaling.HighFreqFactor;
        for (var i = 0; i < frequencies.Length; i++)
        {
            var wavelength = 2 * Math.PI / frequencies[i];
            if (wavelength > lowWavelength)
            {
                frequencies[i] /= scaling.Factor;
            }
            else if (wavelength >= highWavelength)
            {
                var smooth = ((original / wavelength) - scaling.LowFreqFactor) / (scaling.HighFreqFactor - scaling.LowFreqFactor);
                frequencies[i] = ((1 - smooth) * frequencies[i] / scaling.Factor) + (smooth * frequencies[i]);
            }
        }
    }

    /// <summary>Dimensions that rotate often over the original context extrapolate, slow ones interpolate, a linear ramp between.</summary>
    private static void Yarn(double[] frequencies, int headSize, float theta, RopeScaling scaling)
    {
        double CorrectionDimension(double rotations) =>
            headSize * Math.Log(scaling.OriginalMaxPositions / (rotations * 2 * Math.PI)) / (2 * Math.Log(theta));

        var (low, high) = (CorrectionDimension(scaling.BetaFast), CorrectionDimension(scaling.BetaSlow));
        if (scaling.Truncate)
        {
            (low, high) = (Math.Floor(low), Math.Ceiling(high));
        }

        (low, high) = (Math.Max(low, 0), Math.Min(high, headSize - 1));
        if (low == high)
        {
            high += 0.001;
        }

        for (var i = 0; i < frequencies.Length; i++)
        {
            var ramp = Math.Clamp((i - low) / (high - low), 0, 1);
            var extrapolation = 1 - ramp;
            var interpolated = frequencies[i] / scaling.Factor;
            frequencies[i] = (interpolated * (1 - extrapolation)) + (frequencies[i] * extrapolation);
        }
    }
}
