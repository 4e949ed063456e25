using Microsoft.Extensions.Options;
using Platform.Completion.Grounding;
using Platform.Completion.Prompts;
using Platform.Contracts.Completions;
using Platform.Contracts.Generation;

namespace Platform.Completion.Tests.Grounding;

public sealed class RepositoryGroundingTests
{
    [Theory]
    [InlineData("src/billing/invoice.py", "src/billing/invoice.py", true)]
    [InlineData("/home/dev/shop/src/billing/invoice.py", "src/billing/invoice.py", true)]
    [InlineData("file:///home/dev/shop/src/billing/invoice.py", "src/billing/invoice.py", true)]
    [InlineData("C:\\shop\\src\\billing\\invoice.py", "src/billing/invoice.py", true)]
    [InlineData("/home/dev/shop/src/billing/old_invoice.py", "src/billing/invoice.py", false)]
    [InlineData("invoice.py", "src/billing/invoice.py", false)]
    [InlineData(null, "src/billing/invoice.py", false)]
    public void Hits_from_the_cursors_own_file_are_recognised_by_the_end_of_the_editors_path(string? editor, string indexed, bool same) =>
        Assert.Equal(same, RepositoryGrounding.SameFile(editor, indexed));

    [Fact]
    public void The_query_is_the_code_just_before_the_cursor_in_whole_lines_and_the_start_of_what_follows()
    {
        var prefix = string.Concat(Enumerable.Range(0, 100).Select(line => $"line_{line:D3} = {line}\n")) + "total = compute_";
        var suffix = "(lines)\n" + new string('z', 1000);

        var query = RepositoryGrounding.QueryAround(prefix, suffix, 128);

        Assert.StartsWith("line_", query, StringComparison.Ordinal); // a whole line, not a cut one
        Assert.Contains("total = compute_(lines)", query, StringComparison.Ordinal);
        Assert.True(query.Length <= 128 + 32, $"query has {query.Length} characters");
    }

    [Fact]
    public void Repository_snippets_come_after_everything_the_plugin_sent_and_share_its_budget()
    {
        var builder = new FimPromptBuilder(Options.Create(new CompletionOptions { PromptCharacterBudget = 8192 }));
        var request = new CompleteCode
        {
            GenerationId = Guid.NewGuid(), TenantId = "t", Model = "tiny-coder", Prefix = "x = ", Suffix = "\n", Language = "python",
            FilePath = "app/main.py", FitToBudget = true,
            Declarations = [new CodeSnippet("app/util.py", "def helper():\n    return 1")],
            Clipboard = "copied",
            Sampling = new SamplingSettings { MaxTokens = 16 }, StreamAddress = new Uri("queue:x"),
            Deadline = DateTimeOffset.MaxValue, AcceptedAt = DateTimeOffset.UnixEpoch,
        };

        var prompt = builder.Build(request, [new CodeSnippet("billing/invoice.py", "def total(lines):\n    return sum(lines)", 0.9)]);

        Assert.Equal(
            "<|fim_prefix|># Path: app/util.py\n# def helper():\n#     return 1\n# Clipboard:\n# copied\n" +
            "# Path: billing/invoice.py\n# def total(lines):\n#     return sum(lines)\nx = <|fim_suffix|>\n<|fim_middle|>", prompt.Text);

        var tight = new FimPromptBuilder(Options.Create(new CompletionOptions { PromptCharacterBudget = 256 }))
            .Build(request, [new CodeSnippet("billing/invoice.py", new string('y', 400))]);
        Assert.DoesNotContain("billing/invoice.py", tight.Text, StringComparison.Ordinal);
        Assert.Contains("# Path: app/util.py", tight.Text, StringComparison.Ordinal);
    }
}
