namespace Platform.Contracts.Completions;

/// <summary>
/// The editor's file, synced by diff: either its whole <see cref="Text"/>, or <see cref="Edits"/> against the version
/// the server holds whose hash is <see cref="BaseHash"/>. The completion service keeps recent versions per API key and
/// document; a hash it no longer holds is answered with <c>document_base_unknown</c> (HTTP 409) and the editor
/// resends the whole text. Hashes are SHA-256 of the UTF-8 text, lowercase hex.
/// </summary>
public sealed record DocumentSync
{
    /// <summary>The editor's name for the file (a URI or path), unique per API key.</summary>
    public required string Id { get; init; }
    public string? Text { get; init; }
    public string? BaseHash { get; init; }
    /// <summary>Applied in order, each to the result of the one before.</summary>
    public IReadOnlyList<DocumentEdit> Edits { get; init; } = [];
    /// <summary>The cursor as an offset (UTF-16 code units) into the new text: the prefix ends there.</summary>
    public required int Cursor { get; init; }
}

/// <summary>Replace <see cref="DeleteLength"/> characters at <see cref="Offset"/> (UTF-16 code units) with <see cref="Text"/>.</summary>
public sealed record DocumentEdit(int Offset, int DeleteLength, string Text);
