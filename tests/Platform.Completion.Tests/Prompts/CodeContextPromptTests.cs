using Microsoft.Extensions.Options;
using Platform.Completion;
using Platform.Completion.Prompts;
using Platform.Contracts.Completions;
using Platform.Contracts.Generation;

namespace Platform.Completion.Tests.Prompts;

public sealed class CodeContextPromptTests
{
    private static FimPromptBuilder Builder(int budget) =>
        new(Options.Create(new CompletionOptions { PromptCharacterBudget = budget }));

    private static CompleteCode Request(string prefix, string? suffix, bool fit = true) => new()
    {
        GenerationId = Guid.NewGuid(),
        TenantId = "t",
        Model = "tiny-coder",
        Prefix = prefix,
        Suffix = suffix,
        Language = "python",
        FilePath = "app/main.py",
        Declarations = [new CodeSnippet("app/util.py", "def helper():\n    return 1")],
        RelevantSnippets = [new CodeSnippet("low.py", "LOW = 0", 0.1), new CodeSnippet("high.py", "HIGH = 1", 0.9)],
        Clipboard = "copied",
        FitToBudget = fit,
        Sampling = new SamplingSettings { MaxTokens = 16 },
        StreamAddress = new Uri("queue:x"),
        Deadline = DateTimeOffset.MaxValue,
        AcceptedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void Context_goes_before_the_prefix_as_comments_declarations_first_then_snippets_by_score()
    {
        var prompt = Builder(8192).Build(Request("x = ", "\n"));

        Assert.Equal(
            "<|fim_prefix|># Path: app/util.py\n# def helper():\n#     return 1\n# Path: high.py\n# HIGH = 1\n# Path: low.py\n# LOW = 0\n" +
            "# Clipboard:\n# copied\nx = <|fim_suffix|>\n<|fim_middle|>", prompt.Text);
    }

    [Fact]
    public void Over_budget_keeps_the_prefix_end_and_the_suffix_start()
    {
        var prefix = new string('a', 5000) + "CURSOR_PREFIX_END";
        var suffix = "SUFFIX_START" + new string('z', 5000);

        var prompt = Builder(1024).Build(Request(prefix, suffix));

        var body = prompt.Text.Replace("<|fim_prefix|>", "").Replace("<|fim_suffix|>", "").Replace("<|fim_middle|>", "");
        Assert.True(body.Length <= 1024, $"prompt body has {body.Length} characters");
        Assert.Contains("CURSOR_PREFIX_END<|fim_suffix|>SUFFIX_START", prompt.Text, StringComparison.Ordinal);
        Assert.Contains("# Path: app/util.py", prompt.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Openai_style_request_keeps_its_prompt_whole()
    {
        var prefix = new string('a', 5000);

        var prompt = Builder(1024).Build(Request(prefix, null, fit: false) with { Declarations = null, RelevantSnippets = null, Clipboard = null });

        Assert.Equal(prefix, prompt.Text);
    }

    [Theory]
    [InlineData("python", null, "#")]
    [InlineData(null, "src/app.ts", "//")]
    [InlineData("sql", null, "--")]
    [InlineData(null, "x.rb", "#")]
    [InlineData("html", null, "<!--")]
    public void Comment_marker_follows_the_language_or_the_file_extension(string? language, string? path, string expected) =>
        Assert.StartsWith(expected + " x", Platform.Completion.PostProcessing.CompletionLanguageRules.For(language, path).Comment("x"), StringComparison.Ordinal);
}
