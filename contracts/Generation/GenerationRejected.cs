namespace Platform.Contracts.Generation;

/// <summary>
/// Sent to the stream address instead of (or after some) deltas when a generation cannot run or failed.
/// <see cref="Code"/> is machine-readable (<see cref="GenerationRejectionCodes"/>), <see cref="Detail"/> is for people.
/// </summary>
public sealed record GenerationRejected(Guid GenerationId, string Code, string Detail)
{
    /// <summary>The run of the generation that was rejected (<see cref="GenerationDelta.Attempt"/>); empty from services before a worker.</summary>
    public Guid Attempt { get; init; }
}

public static class GenerationRejectionCodes
{
    public const string DeadlineExceeded = "deadline_exceeded";
    public const string UnknownModel = "unknown_model";
    public const string ContextLengthExceeded = "context_length_exceeded";
    public const string InvalidRequest = "invalid_request";
    public const string WorkerFailure = "worker_failure";
    /// <summary>The worker running the generation stopped heartbeating (it died) or gave it back while stopping.</summary>
    public const string WorkerLost = "worker_lost";
    /// <summary>A stopping worker handed the generation back to its queue, unacknowledged, for another worker to run.</summary>
    public const string WorkerStopping = "worker_stopping";
    /// <summary>The gateway cannot reach the bus (or is shutting down) and so cannot start or finish the generation.</summary>
    public const string Unavailable = "service_unavailable";
    /// <summary>A document edit names a base version the completion service no longer holds: resend the whole text.</summary>
    public const string DocumentBaseUnknown = "document_base_unknown";
    public const string DocumentTooLarge = "document_too_large";
}
