namespace Platform.Inference.Engine;

/// <summary>
/// Priority class first (lower runs first), then arrival. A preempted sequence keeps its arrival, so it goes back
/// to the front of its class in the waiting queue and is also the last of the running set to be admitted.
/// </summary>
internal sealed class SchedulingOrder : IComparer<Sequence>
{
    public static SchedulingOrder Instance { get; } = new();

    public int Compare(Sequence? x, Sequence? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        int byPriority = x.Priority.CompareTo(y.Priority);
        return byPriority != 0 ? byPriority : x.ArrivalOrder.CompareTo(y.ArrivalOrder);
    }
}
