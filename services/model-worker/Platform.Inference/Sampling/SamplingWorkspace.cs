namespace Platform.Inference.Sampling;

/// <summary>
/// Vocabulary-sized scratch buffers for one sampling call, one set per thread: sequences sampled in parallel never
/// share them, and a step allocates nothing once each sampling thread has grown its set to the vocabulary.
/// </summary>
internal sealed class SamplingWorkspace
{
    /// <summary>Probability buckets: 128 per power of two, down to 2^-64 of the most likely token.</summary>
    public const int BucketCount = 64 << BucketsPerOctaveBits;
    public const int BucketsPerOctaveBits = 7;

    [ThreadStatic]
    private static SamplingWorkspace? _current;

    public float[] Scores { get; private set; } = [];

    public float[] Probabilities { get; private set; } = [];

    public int[] Indices { get; private set; } = [];

    /// <summary>Each token's probability bucket (see <see cref="TokenSelection"/>).</summary>
    public int[] Buckets { get; private set; } = [];

    public double[] BucketMass { get; } = new double[BucketCount];

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
