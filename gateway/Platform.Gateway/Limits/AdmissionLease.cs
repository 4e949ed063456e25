namespace Platform.Gateway.Limits;

/// <summary>An admitted request's hold on its limits; disposing it releases the slot and settles the token count.</summary>
internal sealed class AdmissionLease(ILimitStore limits, AdmissionRequest request, long tokenWindow) : IAsyncDisposable
{
    /// <summary>Tokens actually used, once known; until then the reservation stands.</summary>
    public int? ActualTokens { get; set; }

    public ValueTask DisposeAsync() => request.Limits.HoldsUntilReleased
        ? new(limits.ReleaseAsync(request, tokenWindow, ActualTokens ?? request.ReservedTokens))
        : default; // nothing was held: no round trip
}
