namespace Platform.Inference.Engine;

/// <summary>
/// The KV block sizes ONNX Runtime's PagedAttention kernel accepts: a power of two of at least 16. The kernel checks
/// this only when it first runs, so the worker and the import CLI check it up front.
/// </summary>
public static class PagedAttentionBlockSizes
{
    public const string Rule = "the PagedAttention kernel takes KV block sizes that are powers of two of at least 16 (16, 32, ..., 256)";

    public static bool IsAccepted(int blockSize) => blockSize >= 16 && (blockSize & (blockSize - 1)) == 0;
}
