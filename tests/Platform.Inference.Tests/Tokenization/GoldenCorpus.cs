using System.Text;

namespace Platform.Inference.Tests.Tokenization;

/// <summary>
/// Texts the golden tokenizer tests encode with both implementations: code in several languages, CJK, emoji,
/// odd whitespace, the control tokens of each model family (FIM, ChatML, Llama 3 headers), and seeded random mixes.
/// </summary>
internal static class GoldenCorpus
{
    public static IReadOnlyList<string> Texts { get; } = [.. Fixed, .. Random(seed: 20261130, count: 60)];

    private static IEnumerable<string> Fixed =>
    [
        "def fibonacci(n: int) -> int:\n    if n < 2:\n        return n\n    return fibonacci(n - 1) + fibonacci(n - 2)\n",
        "public static async Task<IReadOnlyList<Order>> LoadAsync(this DbContext db, CancellationToken ct = default)\r\n{\r\n\treturn await db.Set<Order>().Where(o => o.Total >= 100m).ToListAsync(ct);\r\n}\r\n",
        "export const useDebounce = <T,>(value: T, ms = 250): T => {\n  const [v, setV] = useState<T>(value);\n  useEffect(() => { const id = setTimeout(() => setV(value), ms); return () => clearTimeout(id); }, [value, ms]);\n  return v;\n};",
        "fn main() -> Result<(), Box<dyn std::error::Error>> {\n    let xs: Vec<u64> = (0..=10).map(|x| x * x).collect();\n    println!(\"{:?} {}\", xs, xs.iter().sum::<u64>());\n    Ok(())\n}\n",
        "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tch := make(chan int, 3)\n\tgo func() { ch <- 42 }()\n\tfmt.Printf(\"%d\\n\", <-ch)\n}\n",
        "template <typename T> constexpr auto clamp(T v, T lo, T hi) noexcept -> T { return v < lo ? lo : (hi < v ? hi : v); }\n#include <vector>\n// ++i; i--; a->b; x <<= 2; y >>= 3; z != w && q || !r",
        "SELECT u.id, COUNT(*) AS n FROM users u LEFT JOIN orders o ON o.user_id = u.id WHERE u.created_at >= '2024-01-01' GROUP BY u.id HAVING COUNT(*) > 3;",
        "<!DOCTYPE html>\n<html lang=\"en\"><body><div class=\"a b\" data-x='1'>&amp; &lt;tag&gt; &#x1F600;</div></body></html>",
        "#!/usr/bin/env bash\nset -euo pipefail\nfor f in \"$@\"; do [ -f \"$f\" ] && echo \"${f%.txt}\" | tr 'a-z' 'A-Z'; done 2>&1 | tee -a /tmp/log",
        "numbers 0 7 42 1234567890 3.14159 -2.5e-10 0xDEADBEEF 1_000_000 ½ ⅔ ٣٤٥ १२३",
        "don't I'll WE'RE she's they've it'd You'LL O'Neil 'quoted' \"double\" `back`",
        "# 计算斐波那契数列\ndef 斐波那契(n):\n    \"\"\"返回第 n 项。\"\"\"\n    return n if n < 2 else 斐波那契(n-1) + 斐波那契(n-2)  # 递归实现",
        "// 日本語のコメント：この関数は配列をソートします。カタカナ、ひらがな、漢字。\nconst ソート = (配列) => [...配列].sort();",
        "/* 한국어 주석: 이 함수는 사용자를 찾습니다 */ fn 사용자_찾기() {}",
        "Emoji: 😀 😃 🚀🔥 👍🏽 👨‍👩‍👧‍👦 🏳️‍🌈 🇩🇪🇯🇵 ❤️ ✔︎ 🧑🏿‍💻 and math 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟘𝟙𝟚",
        "Grüße, café, naïve, façade — “smart quotes” ‘single’ … ∑∫∞≠≤≥ ελληνικά русский עברית العربية हिन्दी ไทย",
        "decomposed e\u0301 a\u0308 n\u0303 and composed é ä ñ; fullwidth ＡＢＣ１２３ and ideographic space\u3000here",
        "tabs\t\tand\tmore\t\t\ttabs\n\tindented\n\t\tdeeper\n",
        "CRLF line\r\nnext line\r\n\r\nblank above\r\n   \r\nspaces then CRLF\r\n",
        "long runs of spaces:" + new string(' ', 40) + "x" + new string(' ', 3) + "y" + new string(' ', 100) + "\n" + new string(' ', 16) + "indented",
        "trailing spaces   \nnbsp\u00a0here\u00a0\u00a0 form\ffeed vertical\vtab zero\u200bwidth bom\ufeff soft\u00adhyphen",
        "mixed \n \n\n  \t \r \r\n\t\r\n    \n\n\n\nend",
        "",
        " ",
        "\n",
        "<|fim_prefix|>def add(a, b):\n    <|fim_suffix|>\n    return result<|fim_middle|>",
        "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nWrite a quicksort.<|im_end|>\n<|im_start|>assistant\n",
        "<|repo_name|>platform<|file_sep|>src/main.py\nprint('hi')<|endoftext|><|fim_pad|>",
        "<s>[INST] Explain this code [/INST] It adds numbers.</s><unk>",
        "<PRE> def add(a, b): <SUF>\n    return c <MID>",
        "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>",
        "<｜fim▁begin｜>def f():\n<｜fim▁hole｜>\n<｜fim▁end｜><｜end▁of▁sentence｜>",
        "almost special: <|fim_prefix |> < s> <|im_start <|endoftext|",
        "very_long_identifier_" + string.Concat(Enumerable.Range(0, 40).Select(i => $"segment{i}_")) + "end",
        "camelCaseIdentifierWithHTTPServerAndXMLParser2Go snake_case_name SCREAMING_CASE kebab-case-name",
        "path/to/file.tsx:42:17 C:\\Users\\dev\\src\\app.cs https://example.com/a?b=c&d=e#f user@example.com",
        "regex: ^(?:[a-z0-9!#$%&'*+/=?^_`{|}~-]+)@[\\w.-]+$ and json {\"a\":[1,2,{\"b\":null}],\"c\":true}",
        "controls \u0001\u0002\u001b[0m\u007f end",
    ];

    /// <summary>Seeded mixes of ASCII, whitespace, Latin, CJK, emoji and astral characters (no lone surrogates).</summary>
    private static IEnumerable<string> Random(int seed, int count)
    {
        var random = new Random(seed);
        int[][] ranges =
        [
            [0x20, 0x7E], [0x20, 0x7E], [0x20, 0x7E], [0x09, 0x0D], [0xA0, 0x24F], [0x370, 0x4FF],
            [0x3040, 0x30FF], [0x4E00, 0x9FFF], [0xAC00, 0xD7A3], [0x1F300, 0x1F6FF], [0x1F900, 0x1F9FF], [0x10000, 0x1034F],
        ];
        for (var sample = 0; sample < count; sample++)
        {
            var builder = new StringBuilder();
            var length = random.Next(1, 80);
            for (var i = 0; i < length; i++)
            {
                var range = ranges[random.Next(ranges.Length)];
                builder.Append(char.ConvertFromUtf32(random.Next(range[0], range[1] + 1)));
            }

            yield return builder.ToString();
        }
    }
}
