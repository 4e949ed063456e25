using System.Runtime.CompilerServices;
using Platform.Contracts.Generation;
using Platform.Inference.Models;
using Platform.Inference.Sampling;
using Platform.Inference.Tokenization;

namespace Platform.Inference.Runtime;

/// <summary>Tuning for <see cref="OnnxTextGenerator"/>.</summary>
public sealed record OnnxTextGeneratorOptions
{
    /// <summary>Requests generated at the same time; more wait their turn. ORT runs are thread-safe.</summary>
    public int MaxConcurrentRequests { get; init; } = 1;

    /// <summary>Threads ONNX Runtime uses inside one run; 0 leaves its default (one per core).</summary>
    public int IntraOpThreads { get; init; }
}

/// <summary>
/// The simple generator: one request at a time per slot, prefill then token-by-token decode on CPU with the KV
/// cache carried from each step's present outputs to the next step's past inputs.
/// </summary>
public sealed class OnnxTextGenerator : ITextGenerator
{
    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(10);

    private readonly OnnxDecoderRunner _runner;
    private readonly BpeTokenizer _tokenizer;
    private readonly GenAiConfig _config;
    private readonly SemaphoreSlim _slots;
    private readonly int _slotCount;
    private int _disposed;

    private OnnxTextGenerator(string name, OnnxDecoderRunner runner, BpeTokenizer tokenizer, GenAiConfig config, int slots)
    {
        _runner = runner;
        _tokenizer = tokenizer;
        _config = config;
        _slotCount = slots;
        _slots = new SemaphoreSlim(slots, slots);
        Model = new ModelDescriptor(name, config.ContextLength, config.VocabSize);
    }

    public ModelDescriptor Model { get; }

    /// <summary>
    /// Loads a model folder laid out like ONNX Runtime GenAI's model builder output
    /// (genai_config.json, tokenizer.json and the decoder's .onnx file).
    /// </summary>
    public static OnnxTextGenerator Load(string modelDirectory, string modelName, OnnxTextGeneratorOptions? options = null)
    {
        options ??= new OnnxTextGeneratorOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConcurrentRequests, 1);
        var config = GenAiConfig.Load(Path.Combine(modelDirectory, GenAiConfig.FileName));
        var tokenizer = TokenizerJsonReader.Load(Path.Combine(modelDirectory, TinyModel.TokenizerFileName));
        var runner = new OnnxDecoderRunner(
            Path.Combine(modelDirectory, config.Decoder.Filename), config.Decoder, config.VocabSize, options.IntraOpThreads);
        return new OnnxTextGenerator(modelName, runner, tokenizer, config, options.MaxConcurrentRequests);
    }

    public IAsyncEnumerable<GeneratedChunk> GenerateAsync(TextGenerationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(_disposed == 1, this);
        var prompt = PromptTokens.Encode(_tokenizer, _config, request.Prompt, request.Sampling.MaxTokens, _config.ContextLength);

        return StreamAsync(request.Sampling, prompt, cancellationToken);
    }

    private async IAsyncEnumerable<GeneratedChunk> StreamAsync(
        SamplingSettings sampling, List<int> prompt, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        var emptyPast = _runner.CreateEmptyPast(1);
        DecoderStepOutput? step = null;
        try
        {
            var sampler = new Sampler(sampling, Math.Min(_tokenizer.VocabularySize, _runner.VocabSize), prompt);
            var tracker = new CompletionTracker(_tokenizer, sampling, _config.EosTokenIds);
            var input = DecoderStepInput.Single(prompt.ToArray(), 0);
            var cached = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var past = step?.Present ?? emptyPast;
                var stepInput = input;
                var next = await Task.Run(() => _runner.Run(stepInput, past), cancellationToken);
                step?.Dispose();
                step = next;
                cached += input.SequenceLength;

                var token = sampler.Sample(next.Logits(0, input.SequenceLength - 1));
                var result = tracker.Accept(token);
                yield return new GeneratedChunk(result.Text, prompt.Count, tracker.CompletionTokens, result.FinishReason);
                if (result.FinishReason is not null)
                {
                    yield break;
                }

                input = DecoderStepInput.Single([token], cached);
            }
        }
        finally
        {
            step?.Dispose();
            foreach (var value in emptyPast)
            {
                value.Dispose();
            }

            _slots.Release();
        }
    }

    /// <summary>Waits (briefly) for requests in flight, then releases the ONNX Runtime session.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        for (var i = 0; i < _slotCount; i++)
        {
            await _slots.WaitAsync(DisposeWait);
        }

        _runner.Dispose();
        _slots.Dispose();
    }
}
