namespace Platform.Inference.Engine;

/// <summary>
/// Bookkeeping of the host-memory blocks that hold swapped-out KV: a free list, nothing shared. The runner owns the
/// memory the ids index; a block is held by exactly one swapped sequence.
/// </summary>
internal sealed class SwapSpace
{
    private readonly Stack<int> _free;

    public SwapSpace(int numBlocks)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numBlocks);
        NumBlocks = numBlocks;
        // Lowest ids first, so a lightly used pool stays at the start of the runner's memory.
        _free = new Stack<int>(Enumerable.Range(0, numBlocks).Reverse());
    }

    public int NumBlocks { get; }

    public int NumFreeBlocks => _free.Count;

    public int NumUsedBlocks => NumBlocks - _free.Count;

    /// <summary>Takes <paramref name="count"/> blocks into <paramref name="blocks"/>; false, with nothing taken, when too few are free.</summary>
    public bool TryAllocate(int count, List<int> blocks)
    {
        if (count > _free.Count)
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            blocks.Add(_free.Pop());
        }

        return true;
    }

    public void Release(List<int> blocks)
    {
        foreach (var block in blocks)
        {
            _free.Push(block);
        }

        blocks.Clear();
    }
}
