namespace Platform.Inference.Graphs;

/// <summary>
/// Options of the fp16 PagedAttention graph. <paramref name="BlockSize"/> is not baked into the graph (the cache
/// inputs have a symbolic block_size) but recorded in genai_config.json for the engine. <paramref name="AttentionMetadata"/>
/// adds the op's optional host-side [max_query_len, max_kv_len, min_kv_len] input, which only newer ONNX Runtime
/// builds know; without it the kernel reads the lengths back from the device. <paramref name="LogitsIndices"/> adds a
/// logits_indices [num_logits] input (not part of GenAI's contract) that picks the token rows the lm_head computes, so
/// a prefill chunk costs one logits row, not one per token; logits become [num_logits, vocab].
/// </summary>
internal sealed record PagedGraphOptions(int BlockSize = 256, bool AttentionMetadata = false, bool LogitsIndices = false);
