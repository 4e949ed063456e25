using System.Threading.Channels;
using Platform.Inference.Sampling;

namespace Platform.Inference.Engine;

/// <summary>One request inside the engine: its sequence, sampler, stop/detokenizer state, output channel and timings.</summary>
internal sealed class EngineRequest(Sequence sequence, Sampler sampler, CompletionTracker tracker, long arrivalTimestamp)
{
    private readonly Channel<GeneratedChunk> _chunks =
        Channel.CreateUnbounded<GeneratedChunk>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    public string RequestId => Sequence.RequestId;

    public Sequence Sequence { get; } = sequence;

    public Sampler Sampler { get; } = sampler;

    public CompletionTracker Tracker { get; } = tracker;

    public long ArrivalTimestamp { get; } = arrivalTimestamp;

    public long FirstScheduledTimestamp { get; set; }

    public long LastTokenTimestamp { get; set; }

    public ChannelReader<GeneratedChunk> Chunks => _chunks.Reader;

    public void Emit(GeneratedChunk chunk) => _chunks.Writer.TryWrite(chunk);

    public void Complete(Exception? error = null) => _chunks.Writer.TryComplete(error);
}
