using System.Text;
using Platform.Contracts.Chat;

namespace Platform.Chat.Prompts;

/// <summary>How one model family spells a conversation, and which special-token texts end the assistant's turn.</summary>
public abstract class ChatTemplate(string family, IReadOnlyList<string> stopSequences)
{
    public string Family { get; } = family;
    public IReadOnlyList<string> StopSequences { get; } = stopSequences;

    /// <summary>Renders the conversation and opens the assistant's turn for the model to write.</summary>
    public abstract string Render(IReadOnlyList<ChatMessage> messages);

    /// <summary>ChatML: Qwen2.5(-Coder) instruct models and the platform's tiny model.</summary>
    public static ChatTemplate ChatMl { get; } = new ChatMlTemplate();

    /// <summary>DeepSeek-Coder instruct: <c>### Instruction:</c> / <c>### Response:</c> turns ending in <c>&lt;|EOT|&gt;</c>.</summary>
    public static ChatTemplate DeepSeek { get; } = new DeepSeekTemplate();

    /// <summary>Llama 2 chat and CodeLlama instruct: <c>[INST]</c> turns with a <c>&lt;&lt;SYS&gt;&gt;</c> block.</summary>
    public static ChatTemplate Llama2 { get; } = new Llama2Template();

    public static IReadOnlyList<ChatTemplate> All { get; } = [ChatMl, DeepSeek, Llama2];

    private sealed class ChatMlTemplate() : ChatTemplate("chatml", ["<|im_end|>", "<|endoftext|>"])
    {
        public override string Render(IReadOnlyList<ChatMessage> messages)
        {
            var text = new StringBuilder();
            foreach (var message in messages)
            {
                text.Append("<|im_start|>").Append(message.Role).Append('\n').Append(message.Content).Append("<|im_end|>\n");
            }

            return text.Append("<|im_start|>assistant\n").ToString();
        }
    }

    private sealed class DeepSeekTemplate() : ChatTemplate("deepseek", ["<|EOT|>", "<｜end▁of▁sentence｜>"])
    {
        // The model card's default system prompt; the model was tuned with it present.
        private const string DefaultSystem =
            "You are an AI programming assistant, utilizing the DeepSeek Coder model, developed by DeepSeek Company, " +
            "and you only answer questions related to computer science.";

        public override string Render(IReadOnlyList<ChatMessage> messages)
        {
            var text = new StringBuilder();
            var hasSystem = messages.Any(message => message.Role == ChatRoles.System);
            if (!hasSystem)
            {
                text.Append(DefaultSystem).Append('\n');
            }

            foreach (var message in messages)
            {
                switch (message.Role)
                {
                    case ChatRoles.System:
                        text.Append(message.Content).Append('\n');
                        break;
                    case ChatRoles.Assistant:
                        text.Append("### Response:\n").Append(message.Content).Append("\n<|EOT|>\n");
                        break;
                    default:
                        text.Append("### Instruction:\n").Append(message.Content).Append('\n');
                        break;
                }
            }

            return text.Append("### Response:\n").ToString();
        }
    }

    private sealed class Llama2Template() : ChatTemplate("llama2", ["</s>"])
    {
        public override string Render(IReadOnlyList<ChatMessage> messages)
        {
            var text = new StringBuilder();
            var system = string.Join("\n\n", messages.Where(m => m.Role == ChatRoles.System).Select(m => m.Content));
            var instructionOpen = false;
            foreach (var message in messages.Where(m => m.Role != ChatRoles.System))
            {
                if (message.Role == ChatRoles.Assistant)
                {
                    if (instructionOpen)
                    {
                        text.Append(" [/INST]");
                        instructionOpen = false;
                    }

                    text.Append(' ').Append(message.Content).Append(" </s>");
                    continue;
                }

                if (instructionOpen)
                {
                    text.Append("\n\n").Append(message.Content); // two user turns in a row share one [INST]
                    continue;
                }

                text.Append("<s>[INST] ");
                if (system.Length > 0)
                {
                    text.Append("<<SYS>>\n").Append(system).Append("\n<</SYS>>\n\n");
                    system = "";
                }

                text.Append(message.Content);
                instructionOpen = true;
            }

            if (!instructionOpen)
            {
                text.Append("<s>[INST] ");
                if (system.Length > 0)
                {
                    text.Append("<<SYS>>\n").Append(system).Append("\n<</SYS>>\n\n");
                }
            }

            return text.Append(" [/INST]").ToString();
        }
    }
}
