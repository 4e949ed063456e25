namespace Platform.Contracts.Generation;

public enum FinishReason
{
    /// <summary>An end-of-sequence token or a stop sequence.</summary>
    Stop,
    /// <summary>max_tokens or the model's context length was reached.</summary>
    Length,
    Cancelled,
}
