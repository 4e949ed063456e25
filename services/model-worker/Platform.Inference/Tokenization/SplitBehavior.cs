namespace Platform.Inference.Tokenization;

internal enum SplitBehavior
{
    Isolated,
    Removed,
    MergedWithPrevious,
    MergedWithNext,
}
