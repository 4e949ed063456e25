using Platform.Contracts.Generation;
using Platform.ServiceDefaults.Messaging;

namespace Platform.ModelWorker.Tests.Consumers;

/// <summary>
/// Records what the worker publishes as usage instead of sending it to a broker; <see cref="FailNext"/> publishes fail
/// first, as they do while the broker is away.
/// </summary>
internal sealed class RecordingPublisher : IConfirmedPublisher
{
    private readonly List<object> _published = [];

    public int FailNext { get; set; }

    public int Failures { get; private set; }

    public IReadOnlyList<GenerationUsage> Generations
    {
        get
        {
            lock (_published)
            {
                return [.. _published.OfType<GenerationUsageRecorded>().SelectMany(recorded => recorded.Generations)];
            }
        }
    }

    public Task PublishAsync<T>(T message, CancellationToken cancellationToken = default) where T : class
    {
        lock (_published)
        {
            if (FailNext > 0)
            {
                FailNext--;
                Failures++;
                return Task.FromException(new InvalidOperationException("The broker is unreachable."));
            }

            _published.Add(message);
        }

        return Task.CompletedTask;
    }
}
