namespace Platform.FaultTests.Load;

/// <summary>What one request of the steady load got, as its client saw it.</summary>
/// <param name="Outcome">"ok", an HTTP status ("503"), a stream error code ("stream:worker_lost"), "connection" or "hung".</param>
internal sealed record RequestResult(
    DateTimeOffset Started, DateTimeOffset Ended, bool Streamed, string Outcome, Guid? GenerationId, int Tokens, bool ShowedText)
{
    public bool Succeeded => Outcome == "ok";

    public TimeSpan Duration => Ended - Started;
}
