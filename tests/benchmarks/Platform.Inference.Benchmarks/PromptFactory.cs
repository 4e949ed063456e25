using Platform.Inference.Tokenization;

namespace Platform.Inference.Benchmarks;

/// <summary>Code-like prompts of an exact token length, deterministic per seed.</summary>
internal sealed class PromptFactory(ITokenizer tokenizer, int seed)
{
    private static readonly string[] Words =
        ["value", "count", "index", "result", "items", "total", "name", "buffer", "node", "parent", "left", "right", "size", "offset"];

    private readonly Random _random = new(seed);

    /// <summary>Appends random statements to <paramref name="prefix"/> until it has <paramref name="tokens"/> tokens.</summary>
    public string Create(int tokens, string prefix = "")
    {
        var text = prefix;
        while (true)
        {
            var statement = $"{Word()}_{_random.Next(100)} = {Word()}.{Word()}({_random.Next(1000)}) + {Word()};\n";
            var candidate = text + statement;
            var count = tokenizer.Encode(candidate).Count;
            if (count > tokens)
            {
                // Pad the remainder with single-character tokens.
                var padded = text;
                while (tokenizer.Encode(padded).Count < tokens)
                {
                    padded += ";";
                }

                return padded;
            }

            text = candidate;
            if (count == tokens)
            {
                return text;
            }
        }
    }

    private string Word() => Words[_random.Next(Words.Length)];
}
