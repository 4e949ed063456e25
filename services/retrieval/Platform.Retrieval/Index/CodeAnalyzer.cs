using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace Platform.Retrieval.Index;

/// <summary>
/// Tokens for code: identifiers (letters, digits, underscores) kept whole and lower-cased, and at the same position
/// their parts split on camelCase, snake_case and digits — so <c>parseHttpHeader</c> matches a query for
/// <c>parseHttpHeader</c>, <c>http header</c> or <c>parse_http_header</c>.
/// </summary>
internal sealed class CodeAnalyzer : Analyzer
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new IdentifierTokenizer(reader);
        return new TokenStreamComponents(tokenizer, new IdentifierPartsFilter(tokenizer));
    }

    private sealed class IdentifierTokenizer(TextReader reader) : CharTokenizer(Version, reader)
    {
        protected override bool IsTokenChar(int c) => c == '_' || char.IsLetterOrDigit((char)c) || (c > char.MaxValue && System.Text.Rune.IsLetterOrDigit(new System.Text.Rune(c)));
    }

    /// <summary>Emits the whole identifier, then its parts with position increment 0.</summary>
    private sealed class IdentifierPartsFilter : TokenFilter
    {
        private readonly ICharTermAttribute _term;
        private readonly IPositionIncrementAttribute _position;
        private readonly Queue<string> _parts = new();

        public IdentifierPartsFilter(TokenStream input)
            : base(input)
        {
            _term = AddAttribute<ICharTermAttribute>();
            _position = AddAttribute<IPositionIncrementAttribute>();
        }

        public override bool IncrementToken()
        {
            if (_parts.Count > 0)
            {
                _term.SetEmpty().Append(_parts.Dequeue());
                _position.PositionIncrement = 0;
                return true;
            }

            if (!m_input.IncrementToken())
            {
                return false;
            }

            var token = _term.ToString();
            var whole = token.Trim('_').ToLowerInvariant();
            if (whole.Length == 0)
            {
                return IncrementToken();
            }

            foreach (var part in IdentifierParts.Split(token))
            {
                if (part != whole)
                {
                    _parts.Enqueue(part);
                }
            }

            _term.SetEmpty().Append(whole);
            return true;
        }

        public override void Reset()
        {
            base.Reset();
            _parts.Clear();
        }
    }
}

/// <summary>The words inside an identifier: <c>getHTTPResponse2Code</c> → get, http, response, 2, code.</summary>
internal static class IdentifierParts
{
    public static List<string> Split(string identifier)
    {
        var parts = new List<string>();
        var start = -1;
        for (var index = 0; index <= identifier.Length; index++)
        {
            var boundary = index == identifier.Length || identifier[index] == '_' || (start >= 0 && IsBoundary(identifier, index));
            if (boundary && start >= 0)
            {
                parts.Add(identifier[start..index].ToLowerInvariant());
                start = -1;
            }

            if (index < identifier.Length && identifier[index] != '_' && start < 0)
            {
                start = index;
            }
        }

        return parts;
    }

    private static bool IsBoundary(string text, int index)
    {
        char previous = text[index - 1], current = text[index];
        if (char.IsDigit(previous) != char.IsDigit(current))
        {
            return true;
        }

        if (char.IsLower(previous) && char.IsUpper(current))
        {
            return true;
        }

        // The last capital of an acronym starts the next word: HTTPResponse → HTTP, Response.
        return char.IsUpper(previous) && char.IsUpper(current) && index + 1 < text.Length && char.IsLower(text[index + 1]);
    }
}
