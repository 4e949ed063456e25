namespace Platform.Contracts.Generation;

/// <summary>
/// Why a generation ended: the one vocabulary from the engine's sequences to the wire. The gateway maps it to
/// OpenAI's <c>finish_reason</c> strings in one place.
/// </summary>
public enum FinishReason
{
    /// <summary>An end-of-sequence token or a stop sequence.</summary>
    Stop,
    /// <summary>max_tokens or the model's context length was reached.</summary>
    Length,
    /// <summary>The client went away or a newer request superseded it; the worker freed it early.</summary>
    Cancelled,
}
