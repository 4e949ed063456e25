using MassTransit;
using Platform.Contracts.Completions;
using Platform.Gateway.Data;

namespace Platform.Gateway.Metering;

/// <summary>
/// Keeps the editors' completion events (view, select, dismiss) for the admin API's acceptance report, in batches
/// from the durable <c>completion-event-ledger</c> queue shared by every gateway replica. The completion service
/// still counts the same events for its metrics; this is the per-language, per-day history behind them.
/// </summary>
internal sealed class CompletionEventLedgerConsumer(GatewayDbContext store) : IConsumer<Batch<CodeCompletionEventRecorded>>
{
    public const string Queue = "completion-event-ledger";

    public async Task Consume(ConsumeContext<Batch<CodeCompletionEventRecorded>> context)
    {
        foreach (var recorded in context.Message.Select(message => message.Message))
        {
            store.CompletionEvents.Add(new CompletionEventRecord
            {
                TenantId = recorded.TenantId,
                ApiKeyId = recorded.ApiKeyId,
                CompletionId = recorded.CompletionId,
                Kind = recorded.Kind,
                Language = string.IsNullOrWhiteSpace(recorded.Language) ? null : recorded.Language.Trim().ToLowerInvariant(),
                OccurredAt = recorded.OccurredAt.ToUniversalTime(),
            });
        }

        await store.SaveChangesAsync(context.CancellationToken);
    }
}

internal sealed class CompletionEventLedgerConsumerDefinition : ConsumerDefinition<CompletionEventLedgerConsumer>
{
    private const int BatchSize = 64;

    public CompletionEventLedgerConsumerDefinition()
    {
        Endpoint(endpoint =>
        {
            endpoint.Name = CompletionEventLedgerConsumer.Queue;
            endpoint.PrefetchCount = BatchSize * 2;
            endpoint.ConcurrentMessageLimit = BatchSize;
        });
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<CompletionEventLedgerConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        // A batch that cannot be written is retried as one, with a growing wait (the database may be away).
        endpointConfigurator.UseMessageRetry(retry => retry.Exponential(10, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(500)));
        consumerConfigurator.Options<BatchOptions>(batch => batch
            .SetMessageLimit(BatchSize)
            .SetTimeLimit(TimeSpan.FromMilliseconds(200))
            .SetConcurrencyLimit(1));
    }
}
