namespace Platform.Completion.Prompts;

/// <summary>
/// How one model family spells fill-in-the-middle (prefix-suffix-middle order) and which special-token texts
/// end a completion.
/// </summary>
internal sealed record FimTemplate(string Family, string PrefixMarker, string SuffixMarker, string MiddleMarker, IReadOnlyList<string> StopSequences)
{
    /// <summary>Qwen2.5-Coder (and the platform's generated tiny model).</summary>
    public static readonly FimTemplate Qwen = new("qwen", "<|fim_prefix|>", "<|fim_suffix|>", "<|fim_middle|>",
        ["<|endoftext|>", "<|fim_pad|>", "<|file_sep|>", "<|repo_name|>", "<|im_end|>"]);

    public static readonly FimTemplate DeepSeek = new("deepseek", "<｜fim▁begin｜>", "<｜fim▁hole｜>", "<｜fim▁end｜>",
        ["<｜end▁of▁sentence｜>", "<|EOT|>"]);

    public static readonly FimTemplate CodeLlama = new("codellama", "<PRE> ", " <SUF>", " <MID>", ["<EOT>", "</s>"]);

    public static readonly FimTemplate StarCoder = new("starcoder", "<fim_prefix>", "<fim_suffix>", "<fim_middle>",
        ["<|endoftext|>", "<file_sep>"]);

    public static IReadOnlyList<FimTemplate> All { get; } = [Qwen, DeepSeek, CodeLlama, StarCoder];

    public string Build(string prefix, string suffix) => $"{PrefixMarker}{prefix}{SuffixMarker}{suffix}{MiddleMarker}";
}
