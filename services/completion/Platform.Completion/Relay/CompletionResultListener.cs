using MassTransit;
using Microsoft.Extensions.Hosting;
using Platform.Completion.Caching;
using Platform.Completion.PostProcessing;
using Platform.Contracts.Generation;

namespace Platform.Completion.Relay;

/// <summary>
/// Receives the model's answers to editors' completions on this instance's own endpoint (the stream address their
/// <see cref="Generate"/> carried), post-processes each for its language, caches it for typing-ahead, and sends it on
/// to the gateway that waits for it, as the one message the native API answers from.
/// </summary>
internal sealed class CompletionResultListener(IBus bus, PendingCompletions pending, CompletionCache cache)
    : IHostedService
{
    private readonly List<ConnectHandle> _handles = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, System.Text.StringBuilder> _deltas = new();

    public Uri Address => bus.Address;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _handles.Add(bus.ConnectHandler<GenerationDelta>(context =>
        {
            // Editors' generations are sent without streaming; deltas are kept in case a worker streams anyway.
            if (pending.IsPending(context.Message.GenerationId))
            {
                _deltas.GetOrAdd(context.Message.GenerationId, _ => new()).Append(context.Message.Text);
            }

            return Task.CompletedTask;
        }));
        _handles.Add(bus.ConnectHandler<GenerationFinished>(OnFinishedAsync));
        _handles.Add(bus.ConnectHandler<GenerationRejected>(async context =>
        {
            if (pending.Take(context.Message.GenerationId) is { } completion)
            {
                _deltas.TryRemove(context.Message.GenerationId, out _);
                var gateway = await context.GetSendEndpoint(completion.Request.StreamAddress);
                await gateway.Send(context.Message with { GenerationId = completion.Request.GenerationId });
            }
        }));
        return Task.CompletedTask;
    }

    private async Task OnFinishedAsync(ConsumeContext<GenerationFinished> context)
    {
        var finished = context.Message;
        if (pending.Take(finished.GenerationId) is not { } completion)
        {
            return;
        }

        var streamed = _deltas.TryRemove(finished.GenerationId, out var text) ? text.ToString() : "";
        var request = completion.Request;
        var answer = CompletionPostProcessor.Process(streamed + finished.Text, completion.Prefix, completion.Suffix, request.Language, request.FilePath);
        if (finished.FinishReason != FinishReason.Cancelled)
        {
            await cache.StoreAsync(request, completion.Prefix, completion.Suffix, answer);
        }

        var gateway = await context.GetSendEndpoint(request.StreamAddress);
        await gateway.Send(finished with { GenerationId = request.GenerationId, DeltaCount = 0, Text = answer });
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var handle in _handles)
        {
            handle.Disconnect();
        }

        _handles.Clear();
        return Task.CompletedTask;
    }
}
