using Platform.Chat.Actions;
using Platform.Contracts.Chat;

namespace Platform.Chat.Tests.Actions;

public sealed class ChatActionPromptsTests
{
    private static ChatAction Action(string name) => new()
    {
        Name = name, Selection = "def add(a, b):\n    return a - b\n", Language = "python", FilePath = "src/calc.py",
        Diagnostics = ["calc.py:2: test_add failed: expected 3, got -1"], TargetLanguage = "rust", Diff = "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b",
    };

    [Theory]
    [InlineData(ChatActionNames.Explain, "Explain the following python.")]
    [InlineData(ChatActionNames.Tests, "Write unit tests for the following python")]
    [InlineData(ChatActionNames.Fix, "Fix the problems in the following python.")]
    [InlineData(ChatActionNames.Document, "Add documentation comments to the following python.")]
    [InlineData(ChatActionNames.Translate, "Translate the following python to rust.")]
    [InlineData(ChatActionNames.Optimize, "Optimize the following python.")]
    [InlineData(ChatActionNames.Review, "Review the following python.")]
    public void Selection_actions_give_a_system_turn_and_the_task_with_the_fenced_selection_and_its_path(string name, string task)
    {
        var messages = ChatActionPrompts.Messages(Action(name));

        Assert.Equal(["system", "user"], messages.Select(message => message.Role));
        Assert.StartsWith(task, messages[1].Content, StringComparison.Ordinal);
        Assert.Contains("File: src/calc.py\n```python\ndef add(a, b):\n    return a - b\n```", messages[1].Content, StringComparison.Ordinal);
        Assert.DoesNotContain("+++ b/x", messages[1].Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Fix_lists_the_diagnostics_and_no_other_action_does()
    {
        Assert.EndsWith("Diagnostics:\n- calc.py:2: test_add failed: expected 3, got -1", ChatActionPrompts.Messages(Action(ChatActionNames.Fix))[1].Content, StringComparison.Ordinal);
        Assert.DoesNotContain("Diagnostics", ChatActionPrompts.Messages(Action(ChatActionNames.Review))[1].Content, StringComparison.Ordinal);
    }

    [Fact]
    public void Commit_message_reads_the_diff_not_the_selection()
    {
        var messages = ChatActionPrompts.Messages(Action(ChatActionNames.CommitMessage) with { Instructions = "Mention the ticket ABC-1." });

        Assert.Contains("imperative mood", messages[0].Content, StringComparison.Ordinal);
        Assert.Equal("Write a commit message for this diff.\n\nMention the ticket ABC-1.\n\n```diff\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n```", messages[1].Content);
    }

    [Fact]
    public void Every_named_action_has_a_prompt()
    {
        Assert.All(ChatActionNames.All, name => Assert.Equal(2, ChatActionPrompts.Messages(Action(name)).Count));
        Assert.Throws<ArgumentException>(() => ChatActionPrompts.Messages(Action("dance")));
    }
}
