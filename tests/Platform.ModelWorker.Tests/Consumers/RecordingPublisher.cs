using Platform.Contracts.Generation;
using Platform.ServiceDefaults.Messaging;

namespace Platform.ModelWorker.Tests.Consumers;

/// <summary>Records what the worker publishes as usage instead of sending it to a broker.</summary>
internal sealed class RecordingPublisher : IConfirmedPublisher
{
    private readonly List<object> _published = [];

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
            _published.Add(message);
        }

        return Task.CompletedTask;
    }
}
