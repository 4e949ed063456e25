namespace Platform.Inference.Engine;

/// <summary>
/// <see cref="Sequence.OrderKey"/> first (the priority class, aged by waiting time when aging is on; lower runs first),
/// then arrival. A preempted sequence keeps both, so it goes back to the front of its class in the waiting queue.
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

        int byPriority = x.OrderKey.CompareTo(y.OrderKey);
        return byPriority != 0 ? byPriority : x.ArrivalOrder.CompareTo(y.ArrivalOrder);
    }
}
