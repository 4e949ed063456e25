using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Platform.Inference.Tokenization;

/// <summary>
/// Byte-level BPE as in Hugging Face tokenizers (GPT-2, Qwen2, DeepSeek-Coder): added tokens are cut out of the
/// text first, the rest is normalised, pre-tokenized into pieces, and each piece's UTF-8 bytes are merged by rank.
/// </summary>
internal sealed class BpeTokenizer
{
    private const int CacheLimit = 100_000;
    private const int CacheablePieceLength = 64;

    private readonly Dictionary<string, int> _vocabulary;
    private readonly Dictionary<long, (int Rank, int Merged)> _merges;
    private readonly int[] _byteTokens;
    private readonly byte[][] _tokenBytes;
    private readonly bool[] _isSpecial;
    private readonly Dictionary<string, AddedToken> _addedByContent;
    private readonly Regex? _allAddedTokens;
    private readonly Regex? _nonSpecialAddedTokens;
    private readonly PreTokenizer _preTokenizer;
    private readonly NormalizationForm? _normalization;
    private readonly bool _ignoreMerges;
    private readonly ConcurrentDictionary<string, int[]> _pieceCache = new();

    public BpeTokenizer(
        IReadOnlyDictionary<string, int> vocabulary,
        IReadOnlyList<(string Left, string Right)> merges,
        IReadOnlyList<AddedToken> addedTokens,
        PreTokenizer preTokenizer,
        NormalizationForm? normalization = null,
        bool ignoreMerges = false)
    {
        _vocabulary = new Dictionary<string, int>(vocabulary);
        _preTokenizer = preTokenizer;
        _normalization = normalization;
        _ignoreMerges = ignoreMerges;
        _addedByContent = addedTokens.ToDictionary(t => t.Content);

        VocabularySize = Math.Max(
            vocabulary.Count == 0 ? 0 : vocabulary.Values.Max() + 1,
            addedTokens.Count == 0 ? 0 : addedTokens.Max(t => t.Id) + 1);
        _tokenBytes = new byte[VocabularySize][];
        _isSpecial = new bool[VocabularySize];
        foreach (var (token, id) in vocabulary)
        {
            _tokenBytes[id] = ByteLevelAlphabet.Decode(token);
        }

        foreach (var added in addedTokens)
        {
            _tokenBytes[added.Id] = Encoding.UTF8.GetBytes(added.Content);
            _isSpecial[added.Id] = added.Special;
        }

        _byteTokens = new int[256];
        for (var b = 0; b < 256; b++)
        {
            _byteTokens[b] = _vocabulary.TryGetValue(ByteLevelAlphabet.ToChar((byte)b).ToString(), out var id) ? id : -1;
        }

        _merges = new Dictionary<long, (int, int)>(merges.Count);
        for (var rank = 0; rank < merges.Count; rank++)
        {
            var (left, right) = merges[rank];
            if (_vocabulary.TryGetValue(left, out var l) && _vocabulary.TryGetValue(right, out var r)
                && _vocabulary.TryGetValue(left + right, out var merged))
            {
                _merges.TryAdd(PairKey(l, r), (rank, merged));
            }
        }

        _allAddedTokens = AlternationOf(addedTokens);
        _nonSpecialAddedTokens = AlternationOf(addedTokens.Where(t => !t.Special));
    }

    /// <summary>One more than the largest token id.</summary>
    public int VocabularySize { get; }

    public int? TokenToId(string content) =>
        _addedByContent.TryGetValue(content, out var added) ? added.Id
        : _vocabulary.TryGetValue(content, out var id) ? id
        : null;

    public bool IsSpecial(int id) => (uint)id < (uint)_isSpecial.Length && _isSpecial[id];

    /// <summary>The bytes a token stands for; empty for ids outside the vocabulary.</summary>
    public ReadOnlySpan<byte> TokenBytes(int id) =>
        (uint)id < (uint)_tokenBytes.Length && _tokenBytes[id] is { } bytes ? bytes : [];

    /// <param name="allowSpecialTokens">When false, special tokens' text is encoded as ordinary text.</param>
    public List<int> Encode(string text, bool allowSpecialTokens = true)
    {
        var ids = new List<int>(text.Length / 3 + 1);
        var splitter = allowSpecialTokens ? _allAddedTokens : _nonSpecialAddedTokens;
        var position = 0;
        if (splitter is not null)
        {
            foreach (var match in splitter.EnumerateMatches(text))
            {
                EncodeOrdinary(text[position..match.Index], ids);
                ids.Add(_addedByContent[text.Substring(match.Index, match.Length)].Id);
                position = match.Index + match.Length;
            }
        }

        EncodeOrdinary(position == 0 ? text : text[position..], ids);
        return ids;
    }

    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false)
    {
        var bytes = new List<byte>();
        foreach (var id in ids)
        {
            if (!(skipSpecialTokens && IsSpecial(id)))
            {
                bytes.AddRange(TokenBytes(id));
            }
        }

        return Encoding.UTF8.GetString([.. bytes]);
    }

    private void EncodeOrdinary(string text, List<int> ids)
    {
        if (text.Length == 0)
        {
            return;
        }

        // With InvariantGlobalization (the platform default) .NET leaves non-ASCII text unnormalised; code rarely
        // holds decomposed characters, and the tokens still decode to exactly the input.
        if (_normalization is { } form && !text.IsNormalized(form))
        {
            text = text.Normalize(form);
        }

        var utf8 = Utf8Offsets.Encode(text, out var byteOffsets);
        foreach (var piece in _preTokenizer.Split(text))
        {
            var start = byteOffsets[piece.Start];
            var end = byteOffsets[piece.Start + piece.Length];
            if (end > start)
            {
                EncodePiece(utf8.AsSpan(start, end - start), ids);
            }
        }
    }

    private void EncodePiece(ReadOnlySpan<byte> bytes, List<int> ids)
    {
        var key = ByteLevelAlphabet.Encode(bytes);
        if (_pieceCache.TryGetValue(key, out var cached))
        {
            ids.AddRange(cached);
            return;
        }

        int[] result;
        if (_ignoreMerges && _vocabulary.TryGetValue(key, out var whole))
        {
            result = [whole];
        }
        else
        {
            result = Merge(bytes);
        }

        if (bytes.Length <= CacheablePieceLength && _pieceCache.Count < CacheLimit)
        {
            _pieceCache.TryAdd(key, result);
        }

        ids.AddRange(result);
    }

    /// <summary>Repeatedly merges the adjacent pair with the lowest rank (leftmost on ties), as HF does.</summary>
    private int[] Merge(ReadOnlySpan<byte> bytes)
    {
        var symbols = new List<int>(bytes.Length);
        foreach (var b in bytes)
        {
            if (_byteTokens[b] >= 0)
            {
                symbols.Add(_byteTokens[b]);
            }
        }

        while (symbols.Count > 1)
        {
            var bestRank = int.MaxValue;
            var bestIndex = -1;
            var bestMerged = 0;
            for (var i = 0; i < symbols.Count - 1; i++)
            {
                if (_merges.TryGetValue(PairKey(symbols[i], symbols[i + 1]), out var merge) && merge.Rank < bestRank)
                {
                    (bestRank, bestIndex, bestMerged) = (merge.Rank, i, merge.Merged);
                }
            }

            if (bestIndex < 0)
            {
                break;
            }

            symbols[bestIndex] = bestMerged;
            symbols.RemoveAt(bestIndex + 1);
        }

        return [.. symbols];
    }

    private static long PairKey(int left, int right) => ((long)left << 32) | (uint)right;

    private static Regex? AlternationOf(IEnumerable<AddedToken> tokens)
    {
        var alternatives = tokens
            .Select(t => t.Content)
            .Where(c => c.Length > 0)
            .OrderByDescending(c => c.Length)
            .ThenBy(c => c, StringComparer.Ordinal)
            .Select(Regex.Escape)
            .ToList();
        return alternatives.Count == 0
            ? null
            : new Regex(string.Join('|', alternatives), RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }
}
