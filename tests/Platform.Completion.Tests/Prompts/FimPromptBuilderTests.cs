using Microsoft.Extensions.Options;
using Platform.Completion.Prompts;

namespace Platform.Completion.Tests.Prompts;

public sealed class FimPromptBuilderTests
{
    private static FimPromptBuilder Builder(Dictionary<string, ModelPromptOptions>? models = null) =>
        new(Options.Create(new CompletionOptions { Models = models ?? new Dictionary<string, ModelPromptOptions>() }));

    [Fact]
    public void Suffix_makes_a_qwen_fill_in_the_middle_prompt()
    {
        var prompt = Builder().Build("tiny-coder", "def add(a, b):\n    return ", "\n\nprint(add(1, 2))", []);

        Assert.Equal("<|fim_prefix|>def add(a, b):\n    return <|fim_suffix|>\n\nprint(add(1, 2))<|fim_middle|>", prompt.Text);
        Assert.Contains("<|endoftext|>", prompt.StopSequences);
    }

    [Fact]
    public void Without_a_suffix_the_prompt_is_the_prefix_alone()
    {
        var prompt = Builder().Build("tiny-coder", "import os\n", null, ["\n\n"]);

        Assert.Equal("import os\n", prompt.Text);
        Assert.Equal("\n\n", prompt.StopSequences[0]);
    }

    [Theory]
    [InlineData("deepseek-coder-6.7b-base", "<｜fim▁begin｜>p<｜fim▁hole｜>s<｜fim▁end｜>")]
    [InlineData("CodeLlama-7b-hf", "<PRE> p <SUF>s <MID>")]
    [InlineData("starcoder2-3b", "<fim_prefix>p<fim_suffix>s<fim_middle>")]
    [InlineData("Qwen2.5-Coder-1.5B", "<|fim_prefix|>p<|fim_suffix|>s<|fim_middle|>")]
    public void Template_is_inferred_from_the_model_family(string model, string expected) =>
        Assert.Equal(expected, Builder().Build(model, "p", "s", []).Text);

    [Fact]
    public void Configured_template_wins_over_the_name()
    {
        var builder = Builder(new() { ["my-model"] = new ModelPromptOptions { Template = "deepseek" } });

        Assert.Same(FimTemplate.DeepSeek, builder.TemplateFor("my-model"));
    }

    [Fact]
    public void Unknown_configured_template_fails_loudly()
    {
        var builder = Builder(new() { ["m"] = new ModelPromptOptions { Template = "nope" } });

        Assert.Throws<InvalidOperationException>(() => builder.TemplateFor("m"));
    }
}
