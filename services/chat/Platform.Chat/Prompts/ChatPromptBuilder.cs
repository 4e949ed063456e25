using Microsoft.Extensions.Options;
using Platform.Chat.Actions;
using Platform.Contracts.Chat;
using Platform.Prompting.Tools;

namespace Platform.Chat.Prompts;

/// <summary>A rendered conversation and the stop sequences that go with it.</summary>
internal sealed record ChatPrompt(string Text, IReadOnlyList<string> StopSequences);

/// <summary>Renders a conversation in the target model's chat template, chosen by configuration or by the model's name.</summary>
internal sealed class ChatPromptBuilder(IOptions<ChatOptions> options)
{
    public ChatTemplate TemplateFor(string model)
    {
        if (options.Value.Models.TryGetValue(model, out var configured) && configured.Template is { } family)
        {
            return ChatTemplate.All.FirstOrDefault(t => t.Family.Equals(family, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidOperationException($"Chat:Models:{model}:Template names an unknown template '{family}'.");
        }

        var name = model.ToLowerInvariant();
        if (name.Contains("deepseek"))
        {
            return ChatTemplate.DeepSeek;
        }

        return name.Contains("codellama") || name.Contains("code-llama") || name.Contains("llama-2") || name.Contains("llama2")
            ? ChatTemplate.Llama2
            : ChatTemplate.ChatMl;
    }

    /// <summary>The caller's stop sequences come first, then the template's end-of-turn markers.</summary>
    public ChatPrompt Build(string model, IReadOnlyList<ChatMessage> messages, IReadOnlyList<string> callerStops)
    {
        var template = TemplateFor(model);
        var stops = callerStops.Concat(template.StopSequences).Where(stop => stop.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return new ChatPrompt(template.Render(messages), stops);
    }

    /// <summary>
    /// A whole chat command: an action's conversation or the client's, tools written into it, and, when a call is
    /// required, the assistant's turn opened with <see cref="ToolCallSyntax.Prefill"/>.
    /// </summary>
    /// <param name="sources">Sources the answer is grounded in, numbered in the system turn.</param>
    public ChatPrompt Build(CompleteChat request, IReadOnlyList<Grounding.ChatSource>? sources = null)
    {
        var messages = ConversationOf(request);
        if (sources is { Count: > 0 })
        {
            messages = Grounding.SourcesPrompt.Ground(messages, sources, options.Value.Grounding.MaxSourceCharacters);
        }

        var plain = ToolConversation.Flatten(messages, request.Tools, request.ToolChoice, request.ParallelToolCalls);
        var prompt = Build(request.Model, plain, request.Sampling.Stop);
        return request.Tools.Count > 0 ? prompt with { Text = prompt.Text + ToolCallSyntax.Prefill(request.ToolChoice) } : prompt;
    }

    /// <summary>The conversation a request stands for: an action's, or the client's messages.</summary>
    public static IReadOnlyList<ChatMessage> ConversationOf(CompleteChat request) =>
        request.Action is { } action ? ChatActionPrompts.Messages(action) : request.Messages;
}
