using System.Numerics.Tensors;

namespace Platform.Retrieval.Index;

/// <summary>
/// Every chunk's embedding in one contiguous array, searched exactly: one SIMD dot product per chunk, then a
/// partial sort. Immutable; the index builds a new one after a change, on the next search.
/// </summary>
internal sealed class VectorMatrix
{
    private readonly float[] _values;
    private readonly IndexedChunk[] _rows;
    private readonly int _dimensions;

    public VectorMatrix(IReadOnlyCollection<IndexedChunk> chunks, int dimensions)
    {
        _dimensions = dimensions;
        _rows = [.. chunks.Where(chunk => chunk.Vector.Length == dimensions)];
        _values = new float[_rows.Length * dimensions];
        for (var row = 0; row < _rows.Length; row++)
        {
            _rows[row].Vector.CopyTo(_values, row * dimensions);
        }
    }

    public int Count => _rows.Length;

    public List<RankedChunk> Nearest(float[] query, ChunkFilter filter, int count, double minScore)
    {
        var best = new PriorityQueue<int, float>(count + 1);
        var values = _values.AsSpan();
        for (var row = 0; row < _rows.Length; row++)
        {
            var score = TensorPrimitives.Dot(query.AsSpan(), values.Slice(row * _dimensions, _dimensions));
            if (score < minScore || (best.TryPeek(out _, out var lowest) && best.Count == count && score <= lowest)
                || !filter.Allows(_rows[row]))
            {
                continue;
            }

            best.Enqueue(row, score);
            if (best.Count > count)
            {
                best.Dequeue();
            }
        }

        var ranked = new List<RankedChunk>(best.Count);
        while (best.TryDequeue(out var row, out var score))
        {
            ranked.Add(new RankedChunk(_rows[row], score));
        }

        ranked.Reverse();
        return ranked;
    }
}
