namespace Platform.Inference.Engine;

/// <summary>
/// A fixed set of KV-cache blocks with reference counts, a free queue and the prefix-cache index.
/// <para>
/// A block whose count drops to zero joins the free queue but, if it holds a full hashed block, stays findable
/// in the prefix cache until it is handed out again (evicted). Fresh blocks come from the head of the queue:
/// unhashed blocks are put there, hashed ones at the tail, so the least recently freed cached block is evicted first.
/// </para>
/// </summary>
internal sealed class BlockPool
{
    private const int None = -1;

    private readonly int[] _refCounts;
    private readonly UInt128[] _hashes;
    private readonly bool[] _isHashed;
    // Intrusive doubly linked free queue, so that a prefix hit on a free block unlinks it in O(1).
    private readonly int[] _prev;
    private readonly int[] _next;
    private readonly Dictionary<UInt128, int> _cachedBlocks = [];
    private int _head = None;
    private int _tail = None;

    public BlockPool(int numBlocks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numBlocks, 1);
        _refCounts = new int[numBlocks];
        _hashes = new UInt128[numBlocks];
        _isHashed = new bool[numBlocks];
        _prev = new int[numBlocks];
        _next = new int[numBlocks];
        for (int id = 0; id < numBlocks; id++)
        {
            LinkAtTail(id);
        }
    }

    public int NumBlocks => _refCounts.Length;

    public int NumFreeBlocks { get; private set; }

    /// <summary>Blocks findable in the prefix cache, in use or free.</summary>
    public int NumCachedBlocks => _cachedBlocks.Count;

    public int GetRefCount(int blockId) => _refCounts[blockId];

    public bool IsHashed(int blockId) => _isHashed[blockId];

    /// <summary>Free block ids from the next to be handed out to the last (for tests and diagnostics).</summary>
    public IEnumerable<int> FreeQueue()
    {
        for (int id = _head; id != None; id = _next[id])
        {
            yield return id;
        }
    }

    public bool TryGetCachedBlock(UInt128 hash, out int blockId) => _cachedBlocks.TryGetValue(hash, out blockId);

    /// <summary>Takes a reference on an existing block (a prefix-cache hit); a free one leaves the free queue.</summary>
    public void Touch(int blockId)
    {
        if (_refCounts[blockId]++ == 0)
        {
            Unlink(blockId);
        }
    }

    /// <summary>Hands out the next free block with one reference, evicting its cached content if it had any.</summary>
    public int AllocateFresh()
    {
        if (_head == None)
        {
            throw new InvalidOperationException("The KV block pool is exhausted.");
        }

        int id = _head;
        Unlink(id);
        if (_isHashed[id])
        {
            _cachedBlocks.Remove(_hashes[id]);
            _isHashed[id] = false;
        }

        _refCounts[id] = 1;
        return id;
    }

    /// <summary>Drops one reference; at zero the block joins the free queue.</summary>
    public void Release(int blockId)
    {
        int count = --_refCounts[blockId];
        if (count > 0)
        {
            return;
        }

        if (count < 0)
        {
            _refCounts[blockId] = 0;
            throw new InvalidOperationException($"KV block {blockId} was released more times than it was taken.");
        }

        if (_isHashed[blockId])
        {
            LinkAtTail(blockId);
        }
        else
        {
            LinkAtHead(blockId);
        }
    }

    /// <summary>
    /// Registers a full, computed block under its chained hash. When another block already holds the same content
    /// (two sequences computed it in the same step) the first stays the cached one and this one remains private.
    /// </summary>
    public void Cache(int blockId, UInt128 hash)
    {
        if (_isHashed[blockId] || !_cachedBlocks.TryAdd(hash, blockId))
        {
            return;
        }

        _hashes[blockId] = hash;
        _isHashed[blockId] = true;
    }

    private void LinkAtTail(int id)
    {
        _prev[id] = _tail;
        _next[id] = None;
        if (_tail == None)
        {
            _head = id;
        }
        else
        {
            _next[_tail] = id;
        }

        _tail = id;
        NumFreeBlocks++;
    }

    private void LinkAtHead(int id)
    {
        _prev[id] = None;
        _next[id] = _head;
        if (_head == None)
        {
            _tail = id;
        }
        else
        {
            _prev[_head] = id;
        }

        _head = id;
        NumFreeBlocks++;
    }

    private void Unlink(int id)
    {
        int prev = _prev[id];
        int next = _next[id];
        if (prev == None)
        {
            _head = next;
        }
        else
        {
            _next[prev] = next;
        }

        if (next == None)
        {
            _tail = prev;
        }
        else
        {
            _prev[next] = prev;
        }

        _prev[id] = None;
        _next[id] = None;
        NumFreeBlocks--;
    }
}
