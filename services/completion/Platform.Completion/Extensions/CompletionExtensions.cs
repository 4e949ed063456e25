using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Platform.Completion.Consumers;
using Platform.Completion.Caching;
using Platform.Completion.Documents;
using Platform.Completion.Grounding;
using Platform.Completion.Prompts;
using Platform.Completion.Relay;
using Platform.Completion.State;
using Platform.ServiceDefaults.Health;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Completion.Extensions;

public static class CompletionExtensions
{
    /// <summary>The code completion service: prompt building for each model family, on the <c>code-completion</c> queue.</summary>
    public static IHostApplicationBuilder AddCompletionService(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CompletionOptions>().BindConfiguration(CompletionOptions.Section)
            .ValidateDataAnnotations()
            .Validate(options => IsValid(options.Retrieval), "Completion:Retrieval: Budget must be 1 ms to 10 s, MaxSnippets 1 to 20, QueryCharacters 64 to 8192.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<FimPromptBuilder>();
        builder.Services.AddSingleton<CompletionEventMetrics>();

        // Editors' completions: the state replicas share (Redis when there is one), cache, superseding, relay.
        if (builder.AddPlatformRedis())
        {
            builder.Services.AddSingleton<ICompletionStateStore, RedisCompletionStateStore>();
        }
        else
        {
            builder.Services.AddSingleton<ICompletionStateStore, MemoryCompletionStateStore>();
        }

        builder.Services.AddSingleton<DocumentVersions>();
        builder.Services.AddSingleton<CompletionCache>();
        builder.Services.AddSingleton<CompletionCacheMetrics>();
        builder.Services.AddSingleton<SupersededCompletions>();
        builder.Services.AddSingleton<PendingCompletions>();
        builder.Services.AddSingleton<EditorCompletions>();
        builder.Services.AddSingleton<RepositoryGrounding>();
        builder.Services.AddSingleton<RepositoryGroundingMetrics>();
        builder.Services.AddSingleton<CompletionResultListener>();
        builder.Services.AddHostedService(services => services.GetRequiredService<CompletionResultListener>());
        builder.AddBusParticipant(bus =>
        {
            bus.AddConsumer<CompleteCodeConsumer, CompleteCodeConsumerDefinition>();
            bus.AddConsumer<CompletionCancellationConsumer, CompletionCancellationConsumerDefinition>();
            bus.AddConsumer<CodeCompletionEventConsumer, CodeCompletionEventConsumerDefinition>();
        });
        return builder;
    }

    // Nested options are not reached by ValidateDataAnnotations: their ranges are checked here.
    private static bool IsValid(CompletionRetrievalOptions retrieval) =>
        retrieval.Budget >= TimeSpan.FromMilliseconds(1) && retrieval.Budget <= TimeSpan.FromSeconds(10)
        && retrieval.MaxSnippets is >= 1 and <= 20 && retrieval.QueryCharacters is >= 64 and <= 8192;
}
