namespace Platform.Contracts.Generation;

/// <summary>The last message of a generation's stream: how it ended and what it cost.</summary>
/// <param name="DeltaCount">How many <see cref="GenerationDelta"/> messages preceded this one.</param>
public sealed record GenerationFinished
{
    public required Guid GenerationId { get; init; }
    public required string Model { get; init; }
    public required FinishReason FinishReason { get; init; }
    public required int DeltaCount { get; init; }
    public required int PromptTokens { get; init; }
    public required int CompletionTokens { get; init; }
    public required TimeSpan QueueTime { get; init; }
    /// <summary>Time the worker spent on the request, from pick-up to the last token.</summary>
    public required TimeSpan WorkerTime { get; init; }
    public TimeSpan? TimeToFirstToken { get; init; }
    /// <summary>Text not sent as deltas (all of it when the request asked for no streaming); it follows the deltas.</summary>
    public string? Text { get; init; }
    /// <summary>Logprobs of the tokens not sent with deltas, when the request asked for them.</summary>
    public IReadOnlyList<TokenLogprob>? Logprobs { get; init; }
}
