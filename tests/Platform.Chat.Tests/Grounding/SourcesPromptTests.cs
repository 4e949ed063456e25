using Platform.Chat.Grounding;
using Platform.Contracts.Chat;

namespace Platform.Chat.Tests.Grounding;

public sealed class SourcesPromptTests
{
    private static readonly ChatSource Code = new(
        new ChatCitation { Index = 1, Kind = "file", RepositoryName = "api", Path = "net/retry.py", StartLine = 3, EndLine = 9 },
        "api/net/retry.py lines 3-9 (retry)", "def retry():\n    pass\n", "python");

    private static readonly ChatSource Page = new(
        new ChatCitation { Index = 2, Kind = "url", Url = "https://docs.example.com/retry", Title = "Retries" },
        "Retries — https://docs.example.com/retry", "Retries back off exponentially.", null);

    [Fact]
    public void Sources_are_numbered_into_a_new_system_turn_with_the_instruction_to_cite_them()
    {
        var grounded = SourcesPrompt.Ground([new ChatMessage(ChatRoles.User, "How do retries work?")], [Code, Page], 10_000);

        Assert.Equal([ChatRoles.System, ChatRoles.User], grounded.Select(message => message.Role));
        Assert.Equal(
            SourcesPrompt.Instruction + "\n\nSources:\n\n[1] api/net/retry.py lines 3-9 (retry)\n```python\ndef retry():\n    pass\n```\n" +
            "\n[2] Retries — https://docs.example.com/retry\nRetries back off exponentially.", grounded[0].Content);
    }

    [Fact]
    public void The_clients_own_system_turn_keeps_its_text_first()
    {
        var grounded = SourcesPrompt.Ground(
            [new ChatMessage(ChatRoles.System, "Be terse."), new ChatMessage(ChatRoles.User, "q")], [Page], 10_000);

        Assert.Equal(2, grounded.Count);
        Assert.StartsWith("Be terse.\n\n" + SourcesPrompt.Instruction, grounded[0].Content, StringComparison.Ordinal);
    }

    [Fact]
    public void A_source_that_does_not_fit_the_budget_is_left_out_whole_and_smaller_ones_still_go_in()
    {
        var huge = Code with { Text = new string('x', 5000) };

        var text = SourcesPrompt.Render([huge, Page], 1000);

        Assert.DoesNotContain("[1]", text, StringComparison.Ordinal);
        Assert.Contains("[2] Retries", text, StringComparison.Ordinal);
        Assert.True(text.Length <= 1000);
    }

    [Fact]
    public void Without_sources_the_conversation_is_unchanged()
    {
        IReadOnlyList<ChatMessage> messages = [new ChatMessage(ChatRoles.User, "q")];

        Assert.Same(messages, SourcesPrompt.Ground(messages, [], 10_000));
    }
}
