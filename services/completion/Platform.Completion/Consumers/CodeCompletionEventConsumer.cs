using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.Logging;
using Platform.Contracts.Completions;

namespace Platform.Completion.Consumers;

/// <summary>
/// Counts what editors report about shown completions. Acceptance rate is
/// <c>platform_completion_events_total{kind="select"} / platform_completion_events_total{kind="view"}</c>;
/// partial accepts add the characters kept.
/// </summary>
internal sealed class CodeCompletionEventConsumer(CompletionEventMetrics metrics, ILogger<CodeCompletionEventConsumer> logger)
    : IConsumer<CodeCompletionEventRecorded>
{
    public Task Consume(ConsumeContext<CodeCompletionEventRecorded> context)
    {
        var recorded = context.Message;
        metrics.Record(recorded);
        logger.LogInformation(
            "Completion {CompletionId} {Kind} (choice {ChoiceIndex}, accepted characters {AcceptedCharacters}, tenant {TenantId}).",
            recorded.CompletionId, recorded.Kind, recorded.ChoiceIndex, recorded.AcceptedCharacters, recorded.TenantId);
        return Task.CompletedTask;
    }
}

/// <summary>The completion service's acceptance instruments.</summary>
internal sealed class CompletionEventMetrics : IDisposable
{
    public const string MeterName = "Platform.Completion";

    private readonly Meter _meter;
    private readonly Counter<long> _events;
    private readonly Counter<long> _acceptedCharacters;

    public CompletionEventMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _events = _meter.CreateCounter<long>("platform.completion.events", "{event}",
            "Editor events on shown completions, by kind (view, select, dismiss); select/view is the acceptance rate.");
        _acceptedCharacters = _meter.CreateCounter<long>("platform.completion.accepted_characters", "{character}",
            "Characters of completions that editors kept on partial accepts.");
    }

    public void Record(CodeCompletionEventRecorded recorded)
    {
        var partial = recorded.AcceptedCharacters is not null;
        _events.Add(1, new KeyValuePair<string, object?>("kind", recorded.Kind),
            new KeyValuePair<string, object?>("partial", partial));
        if (recorded.AcceptedCharacters is { } accepted)
        {
            _acceptedCharacters.Add(accepted);
        }
    }

    public void Dispose() => _meter.Dispose();
}
