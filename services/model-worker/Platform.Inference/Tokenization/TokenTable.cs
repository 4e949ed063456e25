using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Platform.Inference.Tokenization;

/// <summary>
/// Per-id facts read from a tokenizer.json: the token for an id and back, which ids are special, and the bytes each
/// id contributes to generated text under the file's decoder: GPT-2's byte alphabet for byte-level BPE; for
/// SentencePiece-style files, <c>&lt;0xNN&gt;</c> byte-fallback tokens as one byte and the word marker as a space.
/// </summary>
internal sealed class TokenTable
{
    private readonly Dictionary<string, int> _ids;
    private readonly string?[] _tokens;
    private readonly byte[]?[] _bytes;
    private readonly bool[] _special;

    private TokenTable(Dictionary<string, int> ids, string?[] tokens, byte[]?[] bytes, bool[] special)
    {
        _ids = ids;
        _tokens = tokens;
        _bytes = bytes;
        _special = special;
    }

    public int VocabularySize => _tokens.Length;

    public int? TokenToId(string token) => _ids.TryGetValue(token, out var id) ? id : null;

    public string? IdToToken(int id) => (uint)id < (uint)_tokens.Length ? _tokens[id] : null;

    public bool IsSpecial(int id) => (uint)id < (uint)_special.Length && _special[id];

    public ReadOnlySpan<byte> TokenBytes(int id) => (uint)id < (uint)_bytes.Length && _bytes[id] is { } bytes ? bytes : [];

    public static TokenTable Load(string path)
    {
        using var stream = File.OpenRead(path);
        return Read(stream);
    }

    public static TokenTable Read(Stream json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        var root = document.RootElement;
        var model = root.GetProperty("model");
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        ReadVocabulary(model, ids);
        var added = new List<(int Id, string Content, bool Special)>();
        if (root.TryGetProperty("added_tokens", out var addedTokens) && addedTokens.ValueKind == JsonValueKind.Array)
        {
            foreach (var token in addedTokens.EnumerateArray())
            {
                var content = token.GetProperty("content").GetString() ?? "";
                var id = token.GetProperty("id").GetInt32();
                added.Add((id, content, token.TryGetProperty("special", out var s) && s.ValueKind == JsonValueKind.True));
                ids[content] = id;
            }
        }

        var size = ids.Count == 0 ? 0 : ids.Values.Max() + 1;
        var tokens = new string?[size];
        foreach (var (token, id) in ids)
        {
            tokens[id] = token;
        }

        var decoder = TokenDecoding.From(root, model);
        var bytes = new byte[]?[size];
        for (var id = 0; id < size; id++)
        {
            if (tokens[id] is { } token)
            {
                bytes[id] = decoder.Bytes(token);
            }
        }

        var special = new bool[size];
        foreach (var (id, content, isSpecial) in added)
        {
            // Added tokens are written out as their content, not through the model's alphabet.
            bytes[id] = Encoding.UTF8.GetBytes(content);
            special[id] = isSpecial;
        }

        return new TokenTable(ids, tokens, bytes, special);
    }

    private static void ReadVocabulary(JsonElement model, Dictionary<string, int> ids)
    {
        var vocabulary = model.GetProperty("vocab");
        if (vocabulary.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in vocabulary.EnumerateObject())
            {
                ids[entry.Name] = entry.Value.GetInt32();
            }
        }
        else
        {
            // Unigram: [token, score] pairs in id order.
            var id = 0;
            foreach (var entry in vocabulary.EnumerateArray())
            {
                ids[entry[0].GetString() ?? ""] = id++;
            }
        }
    }

    /// <summary>How one vocabulary entry turns into output bytes under the file's decoder.</summary>
    private sealed class TokenDecoding
    {
        private bool _byteLevel;
        private bool _byteFallback;
        private readonly List<(string From, string To)> _replacements = [];

        public static TokenDecoding From(JsonElement root, JsonElement model)
        {
            var decoding = new TokenDecoding
            {
                _byteFallback = model.TryGetProperty("byte_fallback", out var fallback) && fallback.ValueKind == JsonValueKind.True,
            };
            if (root.TryGetProperty("decoder", out var decoder) && decoder.ValueKind == JsonValueKind.Object)
            {
                decoding.Add(decoder);
            }

            return decoding;
        }

        public byte[] Bytes(string token)
        {
            if (_byteLevel)
            {
                return ByteLevelAlphabet.Decode(token);
            }

            if (_byteFallback && token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal) && token[5] == '>'
                && byte.TryParse(token.AsSpan(3, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var single))
            {
                return [single];
            }

            foreach (var (from, to) in _replacements)
            {
                token = token.Replace(from, to, StringComparison.Ordinal);
            }

            return Encoding.UTF8.GetBytes(token);
        }

        private void Add(JsonElement decoder)
        {
            switch (decoder.GetProperty("type").GetString())
            {
                case "Sequence":
                    foreach (var inner in decoder.GetProperty("decoders").EnumerateArray())
                    {
                        Add(inner);
                    }

                    break;
                case "ByteLevel":
                    _byteLevel = true;
                    break;
                case "ByteFallback":
                    _byteFallback = true;
                    break;
                case "Replace" when decoder.GetProperty("pattern").TryGetProperty("String", out var from):
                    _replacements.Add((from.GetString() ?? "", decoder.GetProperty("content").GetString() ?? ""));
                    break;
                case "Metaspace":
                    var marker = decoder.TryGetProperty("replacement", out var r) ? r.GetString() ?? "\u2581" : "\u2581";
                    _replacements.Add((marker, " "));
                    break;
            }
        }
    }
}
