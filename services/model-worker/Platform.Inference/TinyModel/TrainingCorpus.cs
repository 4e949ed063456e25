namespace Platform.Inference.TinyModel;

/// <summary>
/// A small, hand-written corpus of code in the languages the service completes most (TrainingCorpus.txt, embedded),
/// from which the tiny model's vocabulary is learned: enough for common keywords, indentation runs and operators to
/// get tokens. Its bytes fix the vocabulary, so editing it changes every generated model.
/// </summary>
internal static class TrainingCorpus
{
    private const string ResourceName = "Platform.Inference.TinyModel.TrainingCorpus.txt";

    private static readonly Lazy<string> Corpus = new(Read);

    public static string Text => Corpus.Value;

    private static string Read()
    {
        using var stream = typeof(TrainingCorpus).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The assembly lacks its embedded {ResourceName}.");
        using var reader = new StreamReader(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true));
        return reader.ReadToEnd();
    }
}
