using Platform.Inference.Engine;
using Platform.Inference.Graphs;
using Platform.Inference.Tests.Engine;
using Platform.Inference.TinyModel;

namespace Platform.Inference.Tests.Runners;

/// <summary>
/// Paged graphs built before the head-major KV pools ([num_slots, kv_heads, d]) still load, and the runner writes
/// and reads their pools correctly: same weights, either layout, the same greedy tokens as the naive reference.
/// </summary>
[Collection(TinyModelGroup.Name)]
public sealed class PagedKvLayoutTests(TinyModelFixture model)
{
    [Theory]
    [InlineData(PagedKvLayout.HeadMajor)]
    [InlineData(PagedKvLayout.SlotMajor)]
    internal void Both_pool_layouts_give_the_naive_references_greedy_tokens(PagedKvLayout layout)
    {
        var graph = Path.Combine(model.Directory, $"model.paged.{layout}.onnx");
        if (!File.Exists(graph))
        {
            // TinyModel.Write draws the same weights for the same spec, so this graph matches the fixture's model.
            var spec = TinyModelSpec.Default;
            using var file = File.Create(graph);
            DecoderGraphBuilder.WritePaged(spec.Architecture, TinyModelWeights.Create(spec), file, layout);
        }

        var options = new SchedulerOptions { BlockSize = 4, NumBlocks = 64, MaxBatchedTokens = 32, MaxRunningSequences = 4, MaxModelLength = 256 };
        using var harness = new EngineHarness(model, options, graph);
        var random = new Random(99);
        var prompts = Enumerable.Range(0, 4)
            .Select(_ => Enumerable.Range(0, random.Next(3, 20)).Select(_ => random.Next(model.Tokenizer.VocabularySize - 16)).ToArray())
            .ToList();
        var sequences = prompts.Select((prompt, i) => new Sequence($"r{i}", prompt, SequenceFactory.Sampling(12))).ToList();
        foreach (var sequence in sequences)
        {
            harness.Engine.Add(sequence);
        }

        harness.RunToCompletion();

        for (var i = 0; i < prompts.Count; i++)
        {
            Assert.Equal(NaiveReference.Greedy(model, prompts[i], 12), sequences[i].GeneratedTokenIds.ToArray());
        }
    }
}
