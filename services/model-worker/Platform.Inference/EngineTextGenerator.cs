using System.Runtime.CompilerServices;
using Platform.Inference.Engine;
using Platform.Inference.Graphs;
using Platform.Inference.Runners;
using Platform.Inference.Tokenization;

namespace Platform.Inference;

/// <summary>
/// The continuously batching generator: a paged KV cache (with prefix caching where the runner can serve it), a
/// scheduler that batches every running request into each forward step, and a background loop that streams each
/// request's tokens as they are sampled.
/// Loads a model folder with genai_config.json and tokenizer.json and runs the best graph it has: the paged graph
/// (<see cref="ModelFiles.PagedDecoder"/>, or the PagedAttention graph on CUDA), else the standard past/present
/// graph. Every request goes through the same scheduler, so deadlines, priorities and the cache salt always apply.
/// </summary>
public sealed class EngineTextGenerator : ITextGenerator
{
    private readonly LlmEngine _engine;
    private readonly IModelRunner _runner;
    private readonly HuggingFaceTokenizer _tokenizer;
    private readonly GenAiConfig _config;
    private int _disposed;

    private EngineTextGenerator(string name, LlmEngine engine, IModelRunner runner, HuggingFaceTokenizer tokenizer, GenAiConfig config)
    {
        _engine = engine;
        _runner = runner;
        _tokenizer = tokenizer;
        _config = config;
        Model = new ModelDescriptor(name, config.ContextLength, config.VocabSize);
    }

    public ModelDescriptor Model { get; }

    /// <summary>The runner the engine drives (for tests: which graph the folder got).</summary>
    internal IModelRunner Runner => _runner;

    /// <summary>Counters and gauges as of the last engine step (also published as metrics on the Platform.Inference meter).</summary>
    internal EngineStats Stats => _engine.Stats;

    /// <summary>How many more requests the engine can take now; pull no more than this from the queue.</summary>
    internal EngineCapacity Capacity => _engine.Capacity;

    /// <summary>Loads the model folder and starts the engine loop.</summary>
    /// <exception cref="FileNotFoundException">The folder has no graph the chosen execution provider runs.</exception>
    /// <exception cref="ExecutionProviderUnavailableException">CUDA was asked for and ONNX Runtime cannot load it.</exception>
    public static EngineTextGenerator Load(string modelDirectory, string modelName, EngineOptions? options = null)
    {
        options ??= new EngineOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        var config = GenAiConfig.Load(Path.Combine(modelDirectory, GenAiConfig.FileName));
        var tokenizer = HuggingFaceTokenizer.Load(Path.Combine(modelDirectory, ModelFiles.Tokenizer));
        var plan = ModelRunnerFactory.Plan(modelDirectory, config, options);
        var numBlocks = options.NumBlocks ?? plan.BlocksFor(config.Decoder, options);
        var runner = ModelRunnerFactory.Create(plan, config, numBlocks, options);
        var schedulerOptions = options.ToSchedulerOptions(numBlocks, config.ContextLength, runner.NumHostBlocks);
        schedulerOptions.EnablePrefixCaching &= runner.SupportsPrefixCaching;
        schedulerOptions.SpeculativeTokens = runner.SupportsSpeculation ? schedulerOptions.SpeculativeTokens : 0;
        var engine = new LlmEngine(new Scheduler(schedulerOptions), runner, tokenizer, config.EosTokenIds, options.MaxRunningSequences, modelName);
        engine.Start();
        return new EngineTextGenerator(modelName, engine, runner, tokenizer, config);
    }

    public IAsyncEnumerable<GeneratedChunk> GenerateAsync(TextGenerationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed == 1, this);
        var prompt = _tokenizer.Encode(request.Prompt);
        if (prompt.Count == 0)
        {
            // Always a position to predict from.
            prompt = [_config.BosTokenId];
        }

        // max_tokens past the context is lowered to the room left (finish reason length), not refused; a prompt
        // that leaves no room at all is still refused by CheckFits.
        var room = _engine.RoomAfter(prompt.Count);
        var sampling = room >= 1 && request.Sampling.MaxTokens > room ? request.Sampling with { MaxTokens = room } : request.Sampling;
        var sequence = new Sequence(request.RequestId, prompt, sampling)
        {
            CacheSalt = request.CacheSalt,
            Priority = request.Priority,
            Deadline = request.Deadline,
            AllowSpeculation = request.AllowSpeculation,
        };
        // The scheduler's rule, asked now so that the caller hears of a prompt that can never fit before it reads.
        _engine.CheckFits(sequence);
        return StreamAsync(sequence, cancellationToken);
    }

    private async IAsyncEnumerable<GeneratedChunk> StreamAsync(
        Sequence sequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var chunks = _engine.Add(sequence);
        var completed = false;
        try
        {
            while (await chunks.WaitToReadAsync(cancellationToken))
            {
                while (chunks.TryRead(out var chunk))
                {
                    // A cancelled consumer gets nothing more, even what the engine already produced.
                    cancellationToken.ThrowIfCancellationRequested();
                    completed = chunk.FinishReason is not null;
                    yield return chunk;
                }
            }

            completed = true;
        }
        finally
        {
            if (!completed)
            {
                // Stopped early (cancelled, or the consumer broke off): free the sequence's blocks before returning.
                await _engine.AbortAsync(sequence.RequestId);
            }
        }
    }

    /// <summary>Stops the engine loop (live requests fail with ObjectDisposedException) and releases the session and KV cache.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _engine.Dispose();
            _runner.Dispose();
            _tokenizer.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
