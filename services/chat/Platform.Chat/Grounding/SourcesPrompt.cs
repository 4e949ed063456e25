using System.Text;
using Platform.Contracts.Chat;

namespace Platform.Chat.Grounding;

/// <summary>
/// Puts numbered sources into the conversation's system turn (the first one, or a new one) with the instruction to
/// answer from them and cite them as <c>[n]</c>, within a character budget: sources are kept whole, best first.
/// </summary>
internal static class SourcesPrompt
{
    public const string Instruction =
        "Answer the user's question using the numbered sources below. Cite every source you use as [n] right after " +
        "the statement it supports. If the sources do not answer the question, say so.";

    public static IReadOnlyList<ChatMessage> Ground(IReadOnlyList<ChatMessage> messages, IReadOnlyList<ChatSource> sources, int budget)
    {
        if (sources.Count == 0)
        {
            return messages;
        }

        var section = Render(sources, budget);
        var grounded = messages.ToList();
        var system = grounded.FindIndex(message => message.Role == ChatRoles.System);
        if (system >= 0)
        {
            grounded[system] = grounded[system] with { Content = grounded[system].Content + "\n\n" + section };
        }
        else
        {
            grounded.Insert(0, new ChatMessage(ChatRoles.System, section));
        }

        return grounded;
    }

    internal static string Render(IReadOnlyList<ChatSource> sources, int budget)
    {
        var text = new StringBuilder(Instruction).Append("\n\nSources:\n");
        foreach (var source in sources)
        {
            var block = new StringBuilder().Append('\n').Append('[').Append(source.Citation.Index).Append("] ").Append(source.Heading).Append('\n');
            if (source.Language is { } language)
            {
                block.Append("```").Append(language).Append('\n').Append(source.Text.TrimEnd('\n')).Append("\n```\n");
            }
            else
            {
                block.Append(source.Text.Trim()).Append('\n');
            }

            if (text.Length + block.Length > budget)
            {
                continue; // a smaller, later source may still fit
            }

            text.Append(block);
        }

        return text.ToString().TrimEnd('\n');
    }
}
