using System.Text;

namespace Platform.Inference.Sampling;

/// <summary>
/// Finds stop sequences in streamed text even when they span several tokens. Text that could still turn out to be
/// the start of a stop sequence is held back; when one matches, only the text before it is released.
/// </summary>
internal sealed class StopSequenceMatcher(IReadOnlyList<string> stopSequences)
{
    private readonly string[] _stops = [.. stopSequences.Where(s => s.Length > 0)];
    private readonly StringBuilder _held = new();

    /// <summary>Adds text; returns what can be released and whether a stop sequence was reached.</summary>
    public (string Text, bool Stopped) Push(string text)
    {
        if (_stops.Length == 0)
        {
            return (text, false);
        }

        _held.Append(text);
        var buffer = _held.ToString();
        var earliest = -1;
        foreach (var stop in _stops)
        {
            var index = buffer.IndexOf(stop, StringComparison.Ordinal);
            if (index >= 0 && (earliest < 0 || index < earliest))
            {
                earliest = index;
            }
        }

        if (earliest >= 0)
        {
            _held.Clear();
            return (buffer[..earliest], true);
        }

        var keep = LongestSuffixThatStartsAStop(buffer);
        _held.Clear().Append(buffer, buffer.Length - keep, keep);
        return (buffer[..^keep], false);
    }

    /// <summary>Releases held text at the end of generation.</summary>
    public string Flush()
    {
        var text = _held.ToString();
        _held.Clear();
        return text;
    }

    private int LongestSuffixThatStartsAStop(string buffer)
    {
        var longest = 0;
        foreach (var stop in _stops)
        {
            for (var length = Math.Min(stop.Length - 1, buffer.Length); length > longest; length--)
            {
                if (buffer.AsSpan(buffer.Length - length).SequenceEqual(stop.AsSpan(0, length)))
                {
                    longest = length;
                    break;
                }
            }
        }

        return longest;
    }
}
