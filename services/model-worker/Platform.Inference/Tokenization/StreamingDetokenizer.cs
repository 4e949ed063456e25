using System.Text;

namespace Platform.Inference.Tokenization;

/// <summary>
/// Turns generated tokens into text as they arrive. A token may end in the middle of a multi-byte UTF-8
/// character (byte-level BPE splits emoji and CJK), so the incomplete tail is held back until the bytes that
/// complete it arrive; text returned never ends inside a character.
/// </summary>
internal sealed class StreamingDetokenizer(ITokenizer tokenizer, bool skipSpecialTokens = true)
{
    private readonly List<byte> _pending = new(8);

    /// <summary>Adds a token and returns the text it completes (possibly empty).</summary>
    public string Append(int tokenId)
    {
        if (skipSpecialTokens && tokenizer.IsSpecial(tokenId))
        {
            return "";
        }

        _pending.AddRange(tokenizer.TokenBytes(tokenId));
        var complete = CompletePrefixLength();
        if (complete == 0)
        {
            return "";
        }

        var text = Decode(complete);
        _pending.RemoveRange(0, complete);
        return text;
    }

    /// <summary>Returns whatever is held back, with U+FFFD for a character that never completed.</summary>
    public string Flush()
    {
        var text = Decode(_pending.Count);
        _pending.Clear();
        return text;
    }

    /// <summary>Bytes up to the start of a trailing character whose remaining bytes have not arrived yet.</summary>
    private int CompletePrefixLength()
    {
        var count = _pending.Count;
        for (var back = 1; back <= Math.Min(4, count); back++)
        {
            var b = _pending[count - back];
            if ((b & 0xC0) == 0x80)
            {
                continue; // continuation byte: look further back for the lead byte
            }

            var needed = b switch
            {
                >= 0xF0 and <= 0xF7 => 4,
                >= 0xE0 => 3,
                >= 0xC0 => 2,
                _ => 1,
            };
            return needed > back && b < 0xF8 ? count - back : count;
        }

        return count;
    }

    private string Decode(int length)
    {
        if (length == 0)
        {
            return "";
        }

        Span<byte> buffer = length <= 256 ? stackalloc byte[length] : new byte[length];
        for (var i = 0; i < length; i++)
        {
            buffer[i] = _pending[i];
        }

        return Encoding.UTF8.GetString(buffer);
    }
}
