namespace Platform.Gateway.Limits;

/// <summary>
/// An admitted request's hold on its limits; disposing it releases the slot and settles the token count. A request
/// admitted uncounted (the counters were down and the plan fails open) holds nothing.
/// </summary>
internal sealed class AdmissionLease(ILimitStore limits, AdmissionRequest request, long tokenWindow, bool counted = true) : IAsyncDisposable
{
    /// <summary>Tokens actually used, once known; until then the reservation stands.</summary>
    public int? ActualTokens { get; set; }

    public async ValueTask DisposeAsync()
    {
        if (!counted || !request.Limits.HoldsUntilReleased)
        {
            return; // nothing was held: no round trip
        }

        try
        {
            await limits.ReleaseAsync(request, tokenWindow, ActualTokens ?? request.ReservedTokens);
        }
        catch (LimitStoreUnavailableException)
        {
            // The slot's lease and the token window expire by themselves.
        }
    }
}
