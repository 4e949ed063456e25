using System.Diagnostics.Metrics;

namespace Platform.ModelWorker.Models;

/// <summary>
/// How long the worker's model took to load and how much memory the process holds resident (anonymous and
/// memory-mapped file pages, sampled when read), on the Platform.ModelWorker meter.
/// </summary>
internal sealed class ModelLoadMetrics : IDisposable
{
    public const string MeterName = "Platform.ModelWorker";

    private readonly Meter _meter;
    private double _loadSeconds = double.NaN;

    public ModelLoadMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableGauge("platform.model.load.duration", ObserveLoad, unit: "s",
            description: "Time the worker took to load its model at start-up.");
        _meter.CreateObservableGauge("platform.process.memory.resident", ObserveMemory, unit: "By",
            description: "Resident memory of the worker process, by kind: anonymous (heap) or file (memory-mapped weights).");
    }

    public void RecordLoad(TimeSpan duration) => _loadSeconds = duration.TotalSeconds;

    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<double>> ObserveLoad() =>
        double.IsNaN(_loadSeconds) ? [] : [new Measurement<double>(_loadSeconds)];

    private static IEnumerable<Measurement<long>> ObserveMemory()
    {
        var memory = ProcessMemory.Current();
        return
        [
            new Measurement<long>(memory.AnonymousBytes, new KeyValuePair<string, object?>("kind", "anonymous")),
            new Measurement<long>(memory.FileBytes, new KeyValuePair<string, object?>("kind", "file")),
        ];
    }
}
