using Microsoft.Extensions.Options;
using Platform.Chat;
using Platform.Chat.Prompts;
using Platform.Contracts.Chat;

namespace Platform.Chat.Tests.Prompts;

public sealed class ChatPromptBuilderTests
{
    private static readonly ChatMessage[] Conversation =
    [
        new("system", "Be brief."), new("user", "Hi"), new("assistant", "Hello."), new("user", "Add 1+1"),
    ];

    private static ChatPromptBuilder Builder(Dictionary<string, ChatModelOptions>? models = null) =>
        new(Options.Create(new ChatOptions { Models = models ?? [] }));

    [Fact]
    public void Qwen_family_and_tiny_model_get_chatml_ending_in_an_open_assistant_turn()
    {
        var prompt = Builder().Build("tiny-coder", Conversation, ["\n\n"]);

        Assert.Equal(
            "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello.<|im_end|>\n" +
            "<|im_start|>user\nAdd 1+1<|im_end|>\n<|im_start|>assistant\n", prompt.Text);
        Assert.Equal(["\n\n", "<|im_end|>", "<|endoftext|>"], prompt.StopSequences);
    }

    [Fact]
    public void Deepseek_coder_gets_instruction_and_response_turns_ending_in_eot()
    {
        var prompt = Builder().Build("deepseek-coder-6.7b-instruct", Conversation, []);

        Assert.Equal("Be brief.\n### Instruction:\nHi\n### Response:\nHello.\n<|EOT|>\n### Instruction:\nAdd 1+1\n### Response:\n", prompt.Text);
        Assert.Contains("<|EOT|>", prompt.StopSequences);
    }

    [Fact]
    public void Deepseek_coder_without_a_system_message_gets_its_default_one()
    {
        var prompt = Builder().Build("deepseek-coder", [new("user", "Hi")], []);

        Assert.StartsWith("You are an AI programming assistant", prompt.Text, StringComparison.Ordinal);
        Assert.EndsWith("### Instruction:\nHi\n### Response:\n", prompt.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Codellama_gets_inst_turns_with_the_system_block_in_the_first()
    {
        var prompt = Builder().Build("CodeLlama-7b-Instruct", Conversation, []);

        Assert.Equal("<s>[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHi [/INST] Hello. </s><s>[INST] Add 1+1 [/INST]", prompt.Text);
        Assert.Equal(["</s>"], prompt.StopSequences);
    }

    [Fact]
    public void Configured_template_wins_over_the_name_and_an_unknown_one_fails_loudly()
    {
        Assert.Same(ChatTemplate.Llama2, Builder(new() { ["qwen-custom"] = new ChatModelOptions { Template = "llama2" } }).TemplateFor("qwen-custom"));
        Assert.Throws<InvalidOperationException>(() =>
            Builder(new() { ["m"] = new ChatModelOptions { Template = "mystery" } }).TemplateFor("m"));
    }
}
