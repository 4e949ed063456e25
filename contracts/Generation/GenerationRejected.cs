namespace Platform.Contracts.Generation;

/// <summary>
/// Sent to the stream address instead of (or after some) deltas when a generation cannot run or failed.
/// <see cref="Code"/> is machine-readable (<see cref="GenerationRejectionCodes"/>), <see cref="Detail"/> is for people.
/// </summary>
public sealed record GenerationRejected(Guid GenerationId, string Code, string Detail);

public static class GenerationRejectionCodes
{
    public const string DeadlineExceeded = "deadline_exceeded";
    public const string UnknownModel = "unknown_model";
    public const string ContextLengthExceeded = "context_length_exceeded";
    public const string InvalidRequest = "invalid_request";
    public const string WorkerFailure = "worker_failure";
    /// <summary>A document edit names a base version the completion service no longer holds: resend the whole text.</summary>
    public const string DocumentBaseUnknown = "document_base_unknown";
    public const string DocumentTooLarge = "document_too_large";
}
