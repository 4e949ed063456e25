namespace Platform.Gateway.Limits;

/// <summary>
/// The Redis keys of one tenant's limits. Each carries the tenant as its hash tag (<c>{tenant}</c>), so on Redis
/// Cluster every key one script touches lies in one slot (else: CROSSSLOT). Tenant ids never contain braces.
/// </summary>
internal static class LimitKeys
{
    public static string Requests(string tenantId, string keyId) => $"limits:{{{tenantId}}}:key:{keyId}:requests";

    public static string Running(string tenantId, string keyId) => $"limits:{{{tenantId}}}:key:{keyId}:running";

    public static string Tokens(string tenantId, long window) => $"limits:{{{tenantId}}}:tokens:{window}";

    public static string Quota(string tenantId, DateTimeOffset at) => $"limits:{{{tenantId}}}:quota:{LimitWindows.Month(at)}";

    /// <summary>Tokens reserved against the quota by requests in flight: members <c>id:tokens</c> scored by expiry.</summary>
    public static string QuotaReservations(string tenantId) => $"limits:{{{tenantId}}}:quota-reservations";

    /// <summary>The sum of <see cref="QuotaReservations"/>.</summary>
    public static string QuotaReserved(string tenantId) => $"limits:{{{tenantId}}}:quota-reserved";
}
