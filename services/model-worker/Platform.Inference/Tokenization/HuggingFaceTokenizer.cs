namespace Platform.Inference.Tokenization;

/// <summary>
/// A model folder's tokenizer.json run by Hugging Face's own tokenizers library (Rust, through Tokenizers.DotNet), so
/// ids match what the model was trained with for every model, pre-tokenizer, normalizer and added-token rule the
/// file can hold. The token table beside it (<see cref="TokenTable"/>) answers the per-id questions the library's
/// binding does not expose.
/// </summary>
internal sealed class HuggingFaceTokenizer : ITokenizer, IDisposable
{
    private readonly Tokenizers.DotNet.Tokenizer _library;
    private readonly TokenTable _table;

    private HuggingFaceTokenizer(Tokenizers.DotNet.Tokenizer library, TokenTable table)
    {
        _library = library;
        _table = table;
    }

    /// <exception cref="InvalidDataException">The file is not a tokenizer.json the library can load.</exception>
    public static HuggingFaceTokenizer Load(string path)
    {
        try
        {
            var table = TokenTable.Load(path);
            return new HuggingFaceTokenizer(new Tokenizers.DotNet.Tokenizer(path), table);
        }
        catch (Exception error) when (error is Tokenizers.DotNet.TokenizerException or System.Text.Json.JsonException
            or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path} is not a tokenizer.json the Hugging Face tokenizers library loads: {error.Message}", error);
        }
    }

    public int VocabularySize => _table.VocabularySize;

    public IReadOnlyList<int> Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = _library.Encode(text);
        return Array.ConvertAll(ids, id => (int)id);
    }

    public string Decode(IReadOnlyList<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return "";
        }

        var native = new uint[ids.Count];
        for (var i = 0; i < native.Length; i++)
        {
            native[i] = (uint)ids[i];
        }

        return _library.Decode(native);
    }

    public int? TokenToId(string token) => _table.TokenToId(token);

    public bool IsSpecial(int id) => _table.IsSpecial(id);

    public ReadOnlySpan<byte> TokenBytes(int id) => _table.TokenBytes(id);

    public void Dispose() => _library.Dispose();
}
