using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Platform.Completion.Consumers;
using Platform.Completion.Prompts;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Completion.Extensions;

public static class CompletionExtensions
{
    /// <summary>The code completion service: prompt building for each model family, on the <c>code-completion</c> queue.</summary>
    public static IHostApplicationBuilder AddCompletionService(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<CompletionOptions>().BindConfiguration(CompletionOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<FimPromptBuilder>();
        builder.Services.AddSingleton<CompletionEventMetrics>();
        builder.AddBusParticipant(bus =>
        {
            bus.AddConsumer<CompleteCodeConsumer, CompleteCodeConsumerDefinition>();
            bus.AddConsumer<CodeCompletionEventConsumer, CodeCompletionEventConsumerDefinition>();
        });
        return builder;
    }
}
