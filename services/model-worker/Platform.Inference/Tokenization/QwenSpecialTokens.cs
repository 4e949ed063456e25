namespace Platform.Inference.Tokenization;

/// <summary>Qwen2.5-Coder's end-of-text and fill-in-the-middle control tokens, which the tiny model shares.</summary>
internal static class QwenSpecialTokens
{
    public const string EndOfText = "<|endoftext|>";
    public const string FimPrefix = "<|fim_prefix|>";
    public const string FimMiddle = "<|fim_middle|>";
    public const string FimSuffix = "<|fim_suffix|>";
    public const string FimPad = "<|fim_pad|>";
    public const string RepoName = "<|repo_name|>";
    public const string FileSeparator = "<|file_sep|>";

    /// <summary>In the id order they get after the BPE vocabulary (the relative order Qwen2.5-Coder uses).</summary>
    public static IReadOnlyList<string> All { get; } =
        [EndOfText, FimPrefix, FimMiddle, FimSuffix, FimPad, RepoName, FileSeparator];
}
