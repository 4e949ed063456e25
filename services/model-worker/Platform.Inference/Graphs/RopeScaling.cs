namespace Platform.Inference.Graphs;

/// <summary>
/// Rotary position embedding scaling as Hugging Face's config.json <c>rope_scaling</c> states it, for long-context
/// variants of a model. <see cref="RotaryTables"/> turns it into the cos/sin tables every graph embeds.
/// </summary>
/// <param name="Type"><c>default</c>, <c>linear</c>, <c>dynamic</c> (NTK-aware), <c>llama3</c> or <c>yarn</c>.</param>
/// <param name="Factor">How many times the original context the scaled one spans.</param>
/// <param name="OriginalMaxPositions">The context the model was pre-trained on (dynamic, llama3, YaRN).</param>
/// <param name="LowFreqFactor">llama3: wavelengths above original / this are fully interpolated.</param>
/// <param name="HighFreqFactor">llama3: wavelengths below original / this are kept.</param>
/// <param name="BetaFast">YaRN: rotations over the original context above which a dimension is extrapolated.</param>
/// <param name="BetaSlow">YaRN: rotations below which a dimension is interpolated.</param>
/// <param name="Mscale">YaRN: the mscale of DeepSeek-style configs (with <paramref name="MscaleAllDim"/>).</param>
/// <param name="MscaleAllDim">YaRN: the divisor's mscale.</param>
/// <param name="AttentionFactor">YaRN: the cos/sin multiplier given outright; null derives it from the factor.</param>
/// <param name="Truncate">YaRN: round the correction range to whole dimensions (Hugging Face's default).</param>
internal sealed record RopeScaling(
    string Type,
    double Factor = 1,
    int OriginalMaxPositions = 0,
    double LowFreqFactor = 1,
    double HighFreqFactor = 4,
    double BetaFast = 32,
    double BetaSlow = 1,
    double? Mscale = null,
    double? MscaleAllDim = null,
    double? AttentionFactor = null,
    bool Truncate = true)
{
    public const string Default = "default";
    public const string Linear = "linear";
    public const string Dynamic = "dynamic";
    public const string Llama3 = "llama3";
    public const string Yarn = "yarn";

    public static RopeScaling None { get; } = new(Default);

    public bool IsNone => Type == Default;

    /// <summary>Problems with these settings; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Type is not (Default or Linear or Dynamic or Llama3 or Yarn))
        {
            errors.Add($"rope_scaling type '{Type}' is not supported (default, linear, dynamic, llama3 and yarn are).");
        }

        if (!IsNone && !(Factor >= 1 || (Type == Linear && Factor > 0)))
        {
            errors.Add($"rope_scaling.factor must be at least 1, not {Factor}.");
        }

        if (Type is Dynamic or Llama3 or Yarn && OriginalMaxPositions < 1)
        {
            errors.Add($"rope_scaling {Type} needs original_max_position_embeddings (or max_position_embeddings).");
        }

        if (Type == Llama3 && !(HighFreqFactor > LowFreqFactor && LowFreqFactor > 0))
        {
            errors.Add($"rope_scaling llama3 needs 0 < low_freq_factor < high_freq_factor, not {LowFreqFactor} and {HighFreqFactor}.");
        }

        return errors;
    }
}
