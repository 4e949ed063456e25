namespace Platform.Retrieval.Chunking;

/// <summary>A piece of one file as indexed and returned: lines <see cref="StartLine"/> to <see cref="EndLine"/> (1-based, inclusive).</summary>
internal sealed record CodeChunk(string Path, string Language, int StartLine, int EndLine, string? Symbol, string Text);

/// <summary>A definition ctags found: lines <see cref="StartLine"/> to <see cref="EndLine"/> of the file.</summary>
internal sealed record Definition(string Name, string Kind, int StartLine, int EndLine, string? Scope)
{
    public string QualifiedName => Scope is null ? Name : $"{Scope}.{Name}";
}
