namespace Platform.Inference.Tests.Graphs;

/// <summary>
/// Rotary frequencies written from the published formulas (Hugging Face's rope initialisation functions, the YaRN
/// and NTK-aware papers, Meta's Llama 3.1 recipe), independently of the production tables, one scalar at a time.
/// </summary>
internal sealed record RopeReference(string Type, double Theta, int HeadSize, double Factor = 1, int Original = 0,
    double Low = 1, double High = 4, double BetaFast = 32, double BetaSlow = 1, double? Mscale = null, double? MscaleAllDim = null)
{
    /// <summary>The angle step of frequency pair <paramref name="i"/> for a token at <paramref name="position"/>.</summary>
    public double Frequency(int i, int position)
    {
        var d = HeadSize;
        var plain = Math.Pow(Theta, -2.0 * i / d);
        switch (Type)
        {
            case "linear":
                return plain / Factor;
            case "dynamic":
                // NTK-aware: the base grows with the length seen so far (at least the original context).
                var length = Math.Max(position + 1, Original);
                var grownBase = Theta * Math.Pow((Factor * length / Original) - Factor + 1, d / (d - 2.0));
                return Math.Pow(grownBase, -2.0 * i / d);
            case "llama3":
                var wavelength = 2 * Math.PI / plain;
                if (wavelength < Original / High)
                {
                    return plain;
                }

                if (wavelength > Original / Low)
                {
                    return plain / Factor;
                }

                var blend = ((Original / wavelength) - Low) / (High - Low);
                return (blend * plain) + ((1 - blend) * plain / Factor);
            case "yarn":
                // Dimension index at which a frequency turns r times over the original context.
                double DimensionFor(double r) => d * Math.Log(Original / (2 * Math.PI * r)) / (2 * Math.Log(Theta));
                var first = Math.Max(0, Math.Floor(DimensionFor(BetaFast)));
                var last = Math.Min(d - 1, Math.Ceiling(DimensionFor(BetaSlow)));
                var interpolate = last == first ? (i < first ? 0 : 1) : Math.Min(1, Math.Max(0, (i - first) / (last - first)));
                return (interpolate * plain / Factor) + ((1 - interpolate) * plain);
            default:
                return plain;
        }
    }

    /// <summary>YaRN's magnitude correction 0.1·m·ln(s) + 1 on cos and sin; 1 for the others.</summary>
    public double Magnitude
    {
        get
        {
            if (Type != "yarn")
            {
                return 1;
            }

            double M(double m) => Factor <= 1 ? 1 : (0.1 * m * Math.Log(Factor)) + 1;
            return Mscale is { } m && MscaleAllDim is { } all && m != 0 && all != 0 ? M(m) / M(all) : M(1);
        }
    }
}
