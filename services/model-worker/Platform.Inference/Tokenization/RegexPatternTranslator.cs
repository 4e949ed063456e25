using System.Text;

namespace Platform.Inference.Tokenization;

/// <summary>
/// Adapts a tokenizer.json regex (Rust/Oniguruma flavour) to .NET. .NET regexes work on UTF-16 code units, so a
/// character class holding characters beyond U+FFFF (DeepSeek-Coder's letter ranges such as 𐐀-𐑏) would become
/// reversed surrogate ranges; those class members are dropped, which only affects rare non-BMP letters.
/// </summary>
internal static class RegexPatternTranslator
{
    public static string ToDotNet(string pattern)
    {
        var output = new StringBuilder(pattern.Length);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                output.Append(c).Append(pattern[i + 1]);
                i++;
                continue;
            }

            if (inClass && char.IsHighSurrogate(c) && i + 1 < pattern.Length && char.IsLowSurrogate(pattern[i + 1]))
            {
                i++;
                // Drop a whole astral range "X-Y" along with its start.
                if (i + 3 < pattern.Length && pattern[i + 1] == '-' && char.IsHighSurrogate(pattern[i + 2]))
                {
                    i += 3;
                }

                continue;
            }

            if (c == '[' && !inClass)
            {
                inClass = true;
            }
            else if (c == ']' && inClass)
            {
                inClass = false;
            }

            output.Append(c);
        }

        return output.ToString();
    }
}
