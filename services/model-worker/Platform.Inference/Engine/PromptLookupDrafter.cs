namespace Platform.Inference.Engine;

/// <summary>
/// Prompt-lookup (n-gram) drafting: the last n tokens of a sequence are searched for earlier in its own prompt and
/// output, and the tokens that followed the match are proposed as the next ones. Code edits and completions repeat
/// identifiers and whole lines of their prompt, so such drafts are often right and cost no draft model.
/// </summary>
internal static class PromptLookupDrafter
{
    /// <summary>
    /// Writes up to <paramref name="drafts"/>.Length proposed tokens, trying n-grams from <paramref name="maxNgram"/>
    /// down to <paramref name="minNgram"/>; within one n the most recent match wins (nearby text is likelier to continue
    /// the same way).
    /// </summary>
    /// <returns>The number of drafts written; 0 when no n-gram of the tail occurs earlier.</returns>
    public static int Propose(ReadOnlySpan<int> tokens, int minNgram, int maxNgram, Span<int> drafts)
    {
        if (drafts.IsEmpty)
        {
            return 0;
        }

        for (var n = Math.Min(maxNgram, tokens.Length - 1); n >= minNgram; n--)
        {
            var tail = tokens[^n..];
            // A match starting at i is followed by tokens[i + n]; it must end before the tail itself starts.
            for (var i = tokens.Length - n - 1; i >= 0; i--)
            {
                if (tokens[i] != tail[0] || !tokens.Slice(i, n).SequenceEqual(tail))
                {
                    continue;
                }

                var follow = tokens[(i + n)..];
                var count = Math.Min(drafts.Length, follow.Length);
                follow[..count].CopyTo(drafts);
                return count;
            }
        }

        return 0;
    }
}
