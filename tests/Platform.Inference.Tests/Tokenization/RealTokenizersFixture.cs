using System.Collections.Concurrent;
using Platform.Inference.Tokenization;

namespace Platform.Inference.Tests.Tokenization;

/// <summary>The four real tokenizers, each loaded once for the tests that share this fixture.</summary>
public sealed class RealTokenizersFixture : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<HuggingFaceTokenizer>> _loaded = new();

    internal HuggingFaceTokenizer this[string name] =>
        _loaded.GetOrAdd(name, n => new Lazy<HuggingFaceTokenizer>(() => HuggingFaceTokenizer.Load(ReferenceTokenizers.TokenizerJson(n)))).Value;

    public void Dispose()
    {
        foreach (var tokenizer in _loaded.Values.Where(l => l.IsValueCreated))
        {
            tokenizer.Value.Dispose();
        }
    }
}
