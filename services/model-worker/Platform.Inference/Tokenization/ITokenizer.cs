namespace Platform.Inference.Tokenization;

/// <summary>
/// What the engine needs of a model's tokenizer: prompt text to ids the way the model was trained (the Hugging Face
/// defaults: added and special tokens recognised, the post-processor's BOS added), and each id's bytes, so streamed
/// text and logprobs can be built token by token.
/// </summary>
internal interface ITokenizer
{
    /// <summary>One more than the largest token id.</summary>
    int VocabularySize { get; }

    IReadOnlyList<int> Encode(string text);

    /// <summary>The text of <paramref name="ids"/> as the tokenizer's decoder writes it, special tokens left out.</summary>
    string Decode(IReadOnlyList<int> ids);

    int? TokenToId(string token);

    bool IsSpecial(int id);

    /// <summary>The bytes a token stands for in generated text (a byte-fallback token is one byte); empty outside the vocabulary.</summary>
    ReadOnlySpan<byte> TokenBytes(int id);
}
