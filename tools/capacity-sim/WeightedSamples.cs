namespace Platform.CapacitySimulator;

/// <summary>Values with weights (a wait and how many requests had it), for percentiles.</summary>
public sealed class WeightedSamples
{
    private readonly SortedDictionary<double, double> _weights = [];
    private double _total;

    public void Add(double value, double weight)
    {
        if (weight <= 0)
        {
            return;
        }

        _weights[value] = _weights.GetValueOrDefault(value) + weight;
        _total += weight;
    }

    /// <summary>The smallest value at or above the given share of the weight; 0 with no samples.</summary>
    public double Percentile(double share)
    {
        var needed = share * _total;
        var seen = 0.0;
        foreach (var (value, weight) in _weights)
        {
            seen += weight;
            if (seen >= needed - 1e-9)
            {
                return value;
            }
        }

        return 0;
    }
}
