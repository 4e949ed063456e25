using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Platform.Chat.Consumers;
using Platform.Chat.Grounding;
using Platform.Chat.Prompts;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Chat.Extensions;

public static class ChatExtensions
{
    /// <summary>The chat service: chat templates per model family, on the <c>chat</c> queue.</summary>
    public static IHostApplicationBuilder AddChatService(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ChatOptions>().BindConfiguration(ChatOptions.Section)
            .Validate(options => options.Grounding.IsValid(),
                "Chat:Grounding: CodeSources must be 1-50, WebSources 1-20, MaxSourceCharacters 500-1,000,000, Timeout up to 2 minutes.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ChatPromptBuilder>();
        builder.Services.AddSingleton<ChatGrounding>();
        builder.AddBusParticipant(bus => bus.AddConsumer<CompleteChatConsumer, CompleteChatConsumerDefinition>());
        return builder;
    }
}
