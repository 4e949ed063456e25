using System.Runtime.CompilerServices;
using Platform.Contracts.Generation;
using Platform.Inference;
using Platform.Inference.Engine;
using Platform.ModelWorker.Models;

namespace Platform.ModelWorker.Tests.Consumers;

/// <summary>A stand-in model that records each request and answers with two chunks, the last one at its length.</summary>
internal sealed class RecordingTextGenerator : ITextGenerator, ITextGeneratorLoader
{
    private readonly List<TextGenerationRequest> _requests = [];

    public ModelDescriptor Model { get; } = new("tiny-coder", ContextLength: 512, VocabularySize: 1024);

    public IReadOnlyList<TextGenerationRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public async IAsyncEnumerable<GeneratedChunk> GenerateAsync(
        TextGenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        lock (_requests)
        {
            _requests.Add(request);
        }

        await Task.Yield();
        yield return new GeneratedChunk("def", PromptTokens: 3, CompletionTokens: 1, FinishReason: null);
        yield return new GeneratedChunk(" f", PromptTokens: 3, CompletionTokens: 2, FinishReason.Length);
    }

    public ITextGenerator Load(string directory) => this;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
