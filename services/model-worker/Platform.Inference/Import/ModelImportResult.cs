namespace Platform.Inference.Import;

public sealed record ModelImportResult(string OutputDirectory, string Architecture, ModelImportTarget Target, IReadOnlyList<string> Files);
