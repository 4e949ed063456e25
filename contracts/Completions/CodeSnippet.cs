namespace Platform.Contracts.Completions;

/// <summary>
/// Code from another file that may help a completion: a declaration the cursor refers to, or a snippet from a
/// recently changed or opened file. A higher <see cref="Score"/> means more relevant.
/// </summary>
public sealed record CodeSnippet(string FilePath, string Body, double? Score = null);
