using System.Runtime.CompilerServices;
using Platform.Contracts.Generation;
using Platform.Inference;
using Platform.Inference.Engine;
using Platform.ModelWorker.Models;

namespace Platform.Gateway.Benchmarks;

/// <summary>
/// A stand-in model that answers every prompt with one token at once, so the worker speaks the real protocol
/// (deltas, finish, metering event) while its own time is close to zero: what remains is the platform's overhead.
/// </summary>
internal sealed class EchoTextGenerator(string model) : ITextGenerator
{
    public ModelDescriptor Model { get; } = new(model, ContextLength: 4096, VocabularySize: 256);

    public async IAsyncEnumerable<GeneratedChunk> GenerateAsync(
        TextGenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await Task.CompletedTask;
        // Roughly a byte-level tokeniser's count, so metering sees plausible numbers.
        yield return new GeneratedChunk(" x", PromptTokens: Math.Max(1, request.Prompt.Length / 3), CompletionTokens: 1, FinishReason.Length);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>Hands the worker an <see cref="EchoTextGenerator"/> instead of loading a model folder.</summary>
internal sealed class EchoTextGeneratorLoader(string model) : ITextGeneratorLoader
{
    public ITextGenerator Load(string directory) => new EchoTextGenerator(model);
}
