namespace Platform.Inference.Tests.Import;

/// <summary>Which Hugging Face family a generated checkpoint imitates.</summary>
public enum CheckpointStyle
{
    /// <summary>Qwen2ForCausalLM: q/k/v biases, separate lm_head.</summary>
    Qwen2,

    /// <summary>LlamaForCausalLM: no biases, lm_head tied to the embeddings.</summary>
    Llama,
}
