namespace Platform.Gateway.Limits;

/// <summary>The limit counters cannot be reached (Redis down or not answering); the plan decides what follows.</summary>
internal sealed class LimitStoreUnavailableException(string message, Exception? innerException = null)
    : Exception(message, innerException);
