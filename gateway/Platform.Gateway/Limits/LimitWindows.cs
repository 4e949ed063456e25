namespace Platform.Gateway.Limits;

internal static class LimitWindows
{
    public const long MinuteMs = 60_000;

    /// <summary>How long a concurrency slot lives if its holder vanishes without releasing it.</summary>
    public static readonly TimeSpan ConcurrencyLease = TimeSpan.FromMinutes(10);

    public static long WindowStart(long nowMs) => nowMs - nowMs % MinuteMs;

    public static string Month(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture);

    public static TimeSpan UntilNextMonth(DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        var next = new DateTime(utc.Year, utc.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1);
        return next - utc;
    }
}
