namespace Platform.Inference.Sampling;

/// <summary>
/// Vocabulary-sized scratch buffers for one sampling call, one set per thread: sequences sampled in parallel never
/// share them, and a step allocates nothing once each sampling thread has grown its set to the vocabulary.
/// </summary>
internal sealed class SamplingWorkspace
{
    /// <summary>
    /// Probability buckets: 64 per power of two, down to 2^-32 of the most likely token (the last bucket holds the rest,
    /// under 4e-5 of the mass for Qwen's vocabulary). Two tables of them fit in a core's L1 cache.
    /// </summary>
    public const int BucketCount = 32 << BucketsPerOctaveBits;
    public const int BucketsPerOctaveBits = 6;

    [ThreadStatic]
    private static SamplingWorkspace? _current;

    public float[] Scores { get; private set; } = [];

    public float[] Probabilities { get; private set; } = [];

    public int[] Indices { get; private set; } = [];

    /// <summary>Each token's probability bucket (see <see cref="TokenSelection"/>).</summary>
    public int[] Buckets { get; private set; } = [];

    public double[] BucketMass { get; } = new double[BucketCount];

    /// <summary>A second table of bucket masses, so the accumulation runs two independent chains.</summary>
    public double[] SecondBucketMass { get; } = new double[BucketCount];

    /// <summary>Top-k's survivors: ids and scores best first, and their probabilities (see <see cref="TopKSelection"/>).</summary>
    public int[] SurvivorIds { get; } = new int[TopKSelection.MaxSurvivors];

    public float[] SurvivorScores { get; } = new float[TopKSelection.MaxSurvivors];

    public float[] SurvivorProbabilities { get; } = new float[TopKSelection.MaxSurvivors];

    public static SamplingWorkspace For(int vocabulary)
    {
        var workspace = _current ??= new SamplingWorkspace();
        if (workspace.Scores.Length < vocabulary)
        {
            workspace.Scores = new float[vocabulary];
            workspace.Probabilities = new float[vocabulary];
            workspace.Indices = new int[vocabulary];
            workspace.Buckets = new int[vocabulary];
        }

        return workspace;
    }
}
