using System.Text;
using Platform.Contracts.Chat;

namespace Platform.Chat.Actions;

/// <summary>
/// The one place each assistant action's prompt is written: a system turn saying what kind of answer is wanted, and a
/// user turn with the selection (fenced, with its language and path), plus what the action reads (diagnostics, target
/// language, diff) and the user's own words.
/// </summary>
internal static class ChatActionPrompts
{
    private const string Assistant = "You are an expert software engineer working inside the user's code editor.";

    public static IReadOnlyList<ChatMessage> Messages(ChatAction action)
    {
        var language = action.Language is { Length: > 0 } named ? named : "code";
        var (system, task) = action.Name switch
        {
            ChatActionNames.Explain => ($"{Assistant} Explain code clearly and briefly: what it does, how, and anything surprising.",
                $"Explain the following {language}."),
            ChatActionNames.Tests => ($"{Assistant} Write thorough, runnable unit tests in the project's language and its usual test framework. Answer with the test code in one fenced block.",
                $"Write unit tests for the following {language}, covering normal cases, edge cases and errors."),
            ChatActionNames.Fix => ($"{Assistant} Fix bugs with the smallest change that works. Answer with the corrected code in one fenced block, then one line per change saying why.",
                $"Fix the problems in the following {language}."),
            ChatActionNames.Document => ($"{Assistant} Write documentation comments in the language's standard style (docstrings, XML docs, JSDoc, …). Answer with the code and its new comments in one fenced block; do not change the code.",
                $"Add documentation comments to the following {language}."),
            ChatActionNames.Translate => ($"{Assistant} Translate code between programming languages idiomatically, keeping its behaviour. Answer with the translation in one fenced block.",
                $"Translate the following {language} to {action.TargetLanguage}."),
            ChatActionNames.Optimize => ($"{Assistant} Improve performance and readability without changing behaviour. Answer with the improved code in one fenced block, then say briefly what changed and why it is faster or clearer.",
                $"Optimize the following {language}."),
            ChatActionNames.Review => ($"{Assistant} Review code like a careful senior colleague: bugs first, then security, performance, readability. Answer with a short list of findings, each with the line it concerns and a suggested fix.",
                $"Review the following {language}."),
            ChatActionNames.CommitMessage => ("You write git commit messages: a summary line in the imperative mood of at most 72 characters, a blank line, then a short body saying what changed and why. Answer with the message only.",
                "Write a commit message for this diff."),
            _ => throw new ArgumentException($"Unknown chat action '{action.Name}'.", nameof(action)),
        };

        var user = new StringBuilder(task);
        if (action.Instructions is { Length: > 0 } instructions)
        {
            user.Append("\n\n").Append(instructions);
        }

        if (action.Name == ChatActionNames.CommitMessage)
        {
            user.Append("\n\n```diff\n").Append(action.Diff ?? action.Selection).Append("\n```");
            return [new ChatMessage(ChatRoles.System, system), new ChatMessage(ChatRoles.User, user.ToString())];
        }

        user.Append("\n\n");
        if (action.FilePath is { Length: > 0 } path)
        {
            user.Append("File: ").Append(path).Append('\n');
        }

        user.Append("```").Append(action.Language ?? "").Append('\n').Append(action.Selection.TrimEnd('\n')).Append("\n```");
        if (action.Name == ChatActionNames.Fix && action.Diagnostics.Count > 0)
        {
            user.Append("\n\nDiagnostics:\n").AppendJoin('\n', action.Diagnostics.Select(line => "- " + line));
        }

        return [new ChatMessage(ChatRoles.System, system), new ChatMessage(ChatRoles.User, user.ToString())];
    }
}
