using Platform.Inference.Runners;

namespace Platform.Inference.Tests.Engine;

/// <summary>
/// The naive greedy reference: one sequence at a time, no KV cache at all: every token is the argmax of the standard
/// graph run on the whole sequence so far with an empty past.
/// </summary>
internal static class NaiveReference
{
    public static List<int> Greedy(TinyModelFixture model, IReadOnlyList<int> prompt, int maxTokens)
    {
        var allowed = Math.Min(model.Tokenizer.VocabularySize, model.Config.VocabSize);
        var tokens = new List<int>(prompt);
        var generated = new List<int>();
        var empty = model.Runner.CreateEmptyPast(1);
        try
        {
            for (var i = 0; i < maxTokens; i++)
            {
                using var output = model.Runner.Run(DecoderStepInput.Single(tokens.ToArray(), 0), empty);
                var logits = output.Logits(0, tokens.Count - 1)[..allowed];
                var best = 0;
                for (var id = 1; id < logits.Length; id++)
                {
                    if (logits[id] > logits[best])
                    {
                        best = id;
                    }
                }

                tokens.Add(best);
                generated.Add(best);
            }
        }
        finally
        {
            foreach (var value in empty)
            {
                value.Dispose();
            }
        }

        return generated;
    }
}
