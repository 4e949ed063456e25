using MassTransit;
using Microsoft.Extensions.Logging;
using Platform.Completion.Caching;
using Platform.Completion.Documents;
using Platform.Completion.Prompts;
using Platform.Contracts.Completions;
using Platform.Contracts.Generation;
using Platform.Prompting;

namespace Platform.Completion.Relay;

/// <summary>
/// An editor's completion request, start to model: resolve the synced document, supersede the document's running
/// generation, answer from the cache when an identical request or typing-ahead allows, and otherwise send the model a
/// generation whose answer comes back to <see cref="CompletionResultListener"/> (under an id of its own) for post-processing.
/// </summary>
internal sealed class EditorCompletions(
    DocumentVersions documents,
    CompletionCache cache,
    SupersededCompletions superseding,
    PendingCompletions pending,
    CompletionResultListener listener,
    FimPromptBuilder prompts,
    Grounding.RepositoryGrounding grounding,
    CompletionCacheMetrics metrics,
    TimeProvider time,
    ILogger<EditorCompletions> logger)
{
    public async Task RunAsync(ConsumeContext context, CompleteCode request)
    {
        var (prefix, suffix) = (request.Prefix, request.Suffix);
        if (request.Document is { } document)
        {
            var resolved = await documents.ResolveAsync(request, document);
            if (resolved.Text is not { } text)
            {
                var gateway = await context.GetSendEndpoint(request.StreamAddress);
                await gateway.Send(new GenerationRejected(request.GenerationId, resolved.RejectionCode!, resolved.RejectionDetail!));
                return;
            }

            (prefix, suffix) = (text[..document.Cursor], text[document.Cursor..]);
        }

        // Whatever answers this request, the one running for the document is no longer wanted.
        var modelGeneration = NewId.NextGuid();
        if (await superseding.ReplaceAsync(request, modelGeneration) is { } previous)
        {
            metrics.Superseded();
            await context.Publish(new CancelGeneration(previous));
        }

        var hit = await cache.FindAsync(request, prefix, suffix);
        metrics.Lookup(hit?.Hit);
        if (hit is { } cached)
        {
            var now = time.GetUtcNow();
            var gateway = await context.GetSendEndpoint(request.StreamAddress);
            await gateway.Send(new GenerationFinished
            {
                GenerationId = request.GenerationId,
                Model = request.Model,
                FinishReason = FinishReason.Stop,
                DeltaCount = 0,
                PromptTokens = 0,
                CompletionTokens = 0,
                QueueTime = now - request.AcceptedAt,
                WorkerTime = TimeSpan.Zero,
                Text = cached.Text,
            });
            logger.LogDebug("Completion {GenerationId} answered from the cache ({Hit}).", request.GenerationId, cached.Hit);
            return;
        }

        var rules = PostProcessing.CompletionLanguageRules.For(request.Language, request.FilePath ?? request.Document?.Id);
        var toModel = request with
        {
            Sampling = request.Sampling with { Stop = [.. request.Sampling.Stop, .. rules.StopSequences] },
            GenerationId = modelGeneration,
            Prefix = prefix,
            Suffix = suffix,
            FitToBudget = request.FitToBudget || request.Document is not null,
            StreamAddress = listener.Address,
            StreamDeltas = false,
        };
        var snippets = await grounding.FindAsync(toModel, context.CancellationToken);
        pending.Add(new PendingCompletion(request, modelGeneration, prefix, suffix));
        var prompt = prompts.Build(toModel, snippets);
        await context.ForwardToModelAsync(toModel, prompt.Text, prompt.StopSequences, GenerationPriority.Completion);
    }
}
