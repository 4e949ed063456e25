using System.Data.Common;

namespace Platform.Gateway.Data;

/// <summary>The gateway's database cannot be reached (down, unreachable or too slow): the request may succeed shortly.</summary>
internal sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The database is away or busy, as opposed to refusing the query (however deeply wrapped).</summary>
    public static bool IsOutage(Exception exception) => exception switch
    {
        StoreUnavailableException or DbException { IsTransient: true } or TimeoutException => true,
        _ => exception.InnerException is { } inner && IsOutage(inner),
    };
}
