namespace Platform.CapacitySimulator;

/// <summary>
/// Completion requests per second over a working day, for a number of developers: a night floor and two working
/// peaks (late morning, mid afternoon) of one time zone, scaled so the busiest minute gives
/// <c>peakPerDeveloper</c> requests per second per developer.
/// </summary>
public sealed class DayTrace(int developers, double peakPerDeveloper)
{
    public const int SecondsPerDay = 24 * 3600;

    /// <summary>Share of the peak at a time of day: 5 % at night, 100 % at 11:00, 90 % at 15:00.</summary>
    public static double Shape(double secondOfDay)
    {
        var hour = secondOfDay / 3600;
        var morning = Math.Exp(-Math.Pow((hour - 11) / 1.6, 2));
        var afternoon = 0.9 * Math.Exp(-Math.Pow((hour - 15) / 2.0, 2));
        return Math.Min(1, 0.05 + (0.95 * Math.Max(morning, afternoon)));
    }

    public int Developers => developers;

    public double PeakRequestsPerSecond => developers * peakPerDeveloper;

    public double RequestsPerSecond(double secondOfDay) => PeakRequestsPerSecond * Shape(secondOfDay);
}
