namespace Platform.Inference.Engine;

/// <summary>The request waited past its deadline and was dropped before it ever ran.</summary>
public sealed class RequestDeadlineExceededException(string requestId)
    : TimeoutException($"Request {requestId} passed its deadline before it started.")
{
    public string RequestId { get; } = requestId;
}
