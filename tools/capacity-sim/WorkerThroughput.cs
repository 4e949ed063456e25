namespace Platform.CapacitySimulator;

/// <summary>
/// A worker's generated tokens per second at each batch size (concurrent sequences), as the engine benchmark
/// measures it; between measured sizes it is interpolated on log2 of the batch, beyond the largest it stays flat.
/// </summary>
public sealed class WorkerThroughput
{
    private readonly (double Batch, double TokensPerSecond)[] _points;

    public WorkerThroughput(IEnumerable<(int Batch, double TokensPerSecond)> measured)
    {
        _points = measured.OrderBy(point => point.Batch).Select(point => ((double)point.Batch, point.TokensPerSecond)).ToArray();
        if (_points.Length == 0 || _points[0].Batch < 1)
        {
            throw new ArgumentException("At least one measured batch size of 1 or more is needed.", nameof(measured));
        }
    }

    public int LargestMeasuredBatch => (int)_points[^1].Batch;

    /// <summary>Parses "1:146,4:324,16:616,64:708" (batch:tokens per second).</summary>
    public static WorkerThroughput Parse(string text) =>
        new(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(pair =>
        {
            var parts = pair.Split(':');
            return (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        }));

    /// <summary>Tokens per second of a worker running <paramref name="batch"/> sequences (0 when idle).</summary>
    public double TokensPerSecond(double batch)
    {
        if (batch <= 0)
        {
            return 0;
        }

        if (batch <= _points[0].Batch)
        {
            return _points[0].TokensPerSecond * batch / _points[0].Batch;
        }

        for (var i = 1; i < _points.Length; i++)
        {
            if (batch <= _points[i].Batch)
            {
                var (lowBatch, low) = _points[i - 1];
                var (highBatch, high) = _points[i];
                var share = (Math.Log2(batch) - Math.Log2(lowBatch)) / (Math.Log2(highBatch) - Math.Log2(lowBatch));
                return low + (share * (high - low));
            }
        }

        return _points[^1].TokensPerSecond;
    }

    /// <summary>Seconds one request of <paramref name="tokens"/> output tokens takes in a batch of <paramref name="batch"/>.</summary>
    public double ServiceSeconds(double batch, double tokens) => tokens * Math.Max(batch, 1) / TokensPerSecond(Math.Max(batch, 1));
}
