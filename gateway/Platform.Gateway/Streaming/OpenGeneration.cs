namespace Platform.Gateway.Streaming;

/// <summary>A generation in flight; disposing it before its end cancels it on the worker.</summary>
internal sealed class OpenGeneration(
    GenerationStream stream, string model, DateTimeOffset createdAt, GenerationDispatcher dispatcher, string idPrefix)
    : IAsyncDisposable
{
    public GenerationStream Stream { get; } = stream;
    public string Model { get; } = model;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public string CompletionId { get; } = $"{idPrefix}{stream.GenerationId:N}";

    /// <summary>Token logprobs read so far (only when the request asked for them), for answers given at the end.</summary>
    public List<Platform.Contracts.Generation.TokenLogprob> Logprobs { get; } = [];

    /// <summary>Characters of token text already described by streamed completions logprobs (their <c>text_offset</c>).</summary>
    public int LogprobTextOffset { get; set; }

    /// <summary>The sources a grounded chat answer cites, once they have been read.</summary>
    public IReadOnlyList<Platform.Contracts.Chat.ChatCitation>? Citations { get; set; }

    /// <summary>Set once a finish or rejection has been read: nothing is left to cancel.</summary>
    public bool Ended { get; set; }

    public ValueTask DisposeAsync() => new(dispatcher.CloseAsync(this));
}
