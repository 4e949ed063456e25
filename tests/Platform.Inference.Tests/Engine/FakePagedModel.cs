using Platform.Inference.Engine;

namespace Platform.Inference.Tests.Engine;

/// <summary>
/// A stand-in for the model runner whose next token is a hash of every earlier token, read back through the
/// sequence's block table from a fake paged KV store. Wrong block tables, slot mappings, prefix-cache hits or
/// recompute after preemption change its output, so it checks the engine's bookkeeping end to end.
/// </summary>
internal sealed class FakePagedModel(int numBlocks, int blockSize)
{
    public const int VocabularySize = 1000;

    // Each slot holds (position, token) so that a token written to the wrong place is caught, not just mixed in.
    private readonly (int Position, int Token)[] _kv = Enumerable.Repeat((-1, -1), numBlocks * blockSize).ToArray();

    // Host blocks holding swapped-out KV, by host block id.
    private readonly Dictionary<int, (int Position, int Token)[]> _host = [];

    /// <summary>Writes the step's KV, then returns the next token of every sequence whose step reached its end.</summary>
    public Dictionary<string, int> Run(SchedulerOutput output)
    {
        // Swaps first, as the engine has the runner do them: out, then in, then the step.
        foreach (var copy in output.SwapOut)
        {
            _host[copy.HostBlock] = _kv.AsSpan(copy.DeviceBlock * blockSize, blockSize).ToArray();
        }

        foreach (var copy in output.SwapIn)
        {
            _host[copy.HostBlock].CopyTo(_kv.AsSpan(copy.DeviceBlock * blockSize, blockSize));
            _host.Remove(copy.HostBlock);
        }

        foreach (var step in output.Scheduled)
        {
            for (int i = 0; i < step.NumTokens; i++)
            {
                _kv[step.SlotMapping[i]] = (step.PositionOf(i), step.TokenIds[i]);
            }
        }

        var next = new Dictionary<string, int>();
        foreach (var step in output.Scheduled.Where(s => s.SamplesNextToken))
        {
            var history = new int[step.ContextLength];
            for (int position = 0; position < history.Length; position++)
            {
                var (written, token) = _kv[(step.BlockTable[position / blockSize] * blockSize) + (position % blockSize)];
                if (written != position)
                {
                    throw new InvalidOperationException($"{step.RequestId}: KV slot for position {position} holds position {written}.");
                }

                history[position] = token;
            }

            next[step.RequestId] = NextToken(history);
        }

        return next;
    }

    /// <summary>The model's output computed directly from the token history, with no KV cache at all.</summary>
    public static int NextToken(ReadOnlySpan<int> history)
    {
        ulong hash = 1469598103934665603UL;
        foreach (int token in history)
        {
            hash = (hash ^ (uint)token) * 1099511628211UL;
            hash ^= hash >> 29;
        }

        return (int)(hash % VocabularySize);
    }

    /// <summary>A deterministic stop rule standing in for end-of-sequence tokens.</summary>
    public static bool IsStopToken(int token) => token % 37 == 0;

    /// <summary>Greedy generation for one prompt without the engine: the expected output.</summary>
    public static List<int> Reference(IReadOnlyList<int> prompt, int maxTokens)
    {
        var tokens = prompt.ToList();
        var generated = new List<int>();
        while (generated.Count < maxTokens)
        {
            int token = NextToken(tokens.ToArray());
            tokens.Add(token);
            generated.Add(token);
            if (IsStopToken(token))
            {
                break;
            }
        }

        return generated;
    }
}
