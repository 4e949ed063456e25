using System.Text;

namespace Platform.Inference.Tokenization;

/// <summary>UTF-8 encoding of a string together with the byte offset of every char position.</summary>
internal static class Utf8Offsets
{
    /// <summary>
    /// Encodes <paramref name="text"/>; <paramref name="byteOffsets"/>[i] is where char i starts. The low half of a
    /// surrogate pair gets the offset after the whole character, so a piece boundary that falls inside a pair
    /// keeps the character whole in the earlier piece. Lone surrogates become U+FFFD.
    /// </summary>
    public static byte[] Encode(string text, out int[] byteOffsets)
    {
        var bytes = new byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
        byteOffsets = new int[text.Length + 1];
        var written = 0;
        var index = 0;
        Span<byte> buffer = stackalloc byte[4];
        while (index < text.Length)
        {
            Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var consumed);
            var length = rune.EncodeToUtf8(buffer);
            byteOffsets[index] = written;
            buffer[..length].CopyTo(bytes.AsSpan(written));
            written += length;
            for (var k = 1; k < consumed; k++)
            {
                byteOffsets[index + k] = written;
            }

            index += consumed;
        }

        byteOffsets[text.Length] = written;
        Array.Resize(ref bytes, written);
        return bytes;
    }
}
