namespace Platform.Inference.Graphs;

/// <summary>
/// What genai_config.json says of a PagedAttention decoder (ORT GenAI's builder with use_paged_attention=true): its
/// inputs name a block_table, and engine.dynamic_batching records the KV block size.
/// </summary>
/// <param name="AttentionMetadata">The inputs include the op's optional host-side attention_metadata.</param>
internal sealed record GenAiPagedAttention(int BlockSize, bool AttentionMetadata = false)
{
    /// <summary>The block size a config that names none is taken to have (the builder's default).</summary>
    public const int DefaultBlockSize = 256;
}
