using System.Text.RegularExpressions;
using Platform.Inference.Tokenization;

namespace Platform.Inference.TinyModel;

/// <summary>
/// Learns byte-level BPE merges from a corpus: pre-tokenize with the Qwen2 pattern, start from the 256 byte tokens,
/// then repeatedly merge the most frequent adjacent pair. Ties break on the smaller (left id, right id), so the
/// result depends only on the corpus and the merge count.
/// </summary>
internal static class BpeTrainer
{
    private const int MinimumPairCount = 2;

    public static TrainedVocabulary Train(string corpus, int mergeCount)
    {
        var words = CountWords(corpus);
        var tokens = new List<string>(256 + mergeCount);
        var ids = new Dictionary<string, int>();
        for (var b = 0; b < 256; b++)
        {
            var token = ByteLevelAlphabet.ToChar((byte)b).ToString();
            ids[token] = tokens.Count;
            tokens.Add(token);
        }

        var symbols = words.Select(w => w.Word.Select(c => ids[c.ToString()]).ToList()).ToList();
        var merges = new List<(string, string)>(mergeCount);
        var pairCounts = new Dictionary<long, int>();
        while (merges.Count < mergeCount)
        {
            pairCounts.Clear();
            for (var w = 0; w < symbols.Count; w++)
            {
                var word = symbols[w];
                for (var i = 0; i < word.Count - 1; i++)
                {
                    var key = PairKey(word[i], word[i + 1]);
                    pairCounts[key] = pairCounts.GetValueOrDefault(key) + words[w].Count;
                }
            }

            var (bestKey, bestCount) = (long.MaxValue, 0);
            foreach (var (key, count) in pairCounts)
            {
                if (count > bestCount || (count == bestCount && key < bestKey))
                {
                    (bestKey, bestCount) = (key, count);
                }
            }

            if (bestCount < MinimumPairCount)
            {
                break;
            }

            var (left, right) = ((int)(bestKey >> 32), (int)(bestKey & 0xFFFFFFFF));
            var mergedText = tokens[left] + tokens[right];
            if (!ids.TryGetValue(mergedText, out var merged))
            {
                merged = tokens.Count;
                ids[mergedText] = merged;
                tokens.Add(mergedText);
            }

            merges.Add((tokens[left], tokens[right]));
            foreach (var word in symbols)
            {
                ApplyMerge(word, left, right, merged);
            }
        }

        return new TrainedVocabulary(tokens, merges);
    }

    private static void ApplyMerge(List<int> word, int left, int right, int merged)
    {
        for (var i = 0; i < word.Count - 1; i++)
        {
            if (word[i] == left && word[i + 1] == right)
            {
                word[i] = merged;
                word.RemoveAt(i + 1);
            }
        }
    }

    /// <summary>Distinct pre-tokenized pieces (as byte-level strings) with counts, in ordinal order.</summary>
    private static List<(string Word, int Count)> CountWords(string corpus)
    {
        var splitter = new RegexSplitPreTokenizer(
            new Regex(PreTokenizer.Qwen2Pattern, RegexOptions.CultureInvariant), SplitBehavior.Isolated, invert: false);
        var utf8 = Utf8Offsets.Encode(corpus, out var offsets);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var piece in splitter.Split(corpus))
        {
            var start = offsets[piece.Start];
            var word = ByteLevelAlphabet.Encode(utf8.AsSpan(start, offsets[piece.Start + piece.Length] - start));
            counts[word] = counts.GetValueOrDefault(word) + 1;
        }

        return [.. counts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value))];
    }

    private static long PairKey(int left, int right) => ((long)left << 32) | (uint)right;
}
