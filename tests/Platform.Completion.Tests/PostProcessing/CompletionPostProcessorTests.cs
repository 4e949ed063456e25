using Platform.Completion.PostProcessing;

namespace Platform.Completion.Tests.PostProcessing;

/// <summary>
/// Golden tests, one theory per post-processing rule, each across languages of the shared table. In the cases the
/// cursor sits between <c>prefix</c> and <c>suffix</c>; <c>raw</c> is what the model wrote, <c>expected</c> what the
/// editor is shown.
/// </summary>
public sealed class CompletionPostProcessorTests
{
    private static string Process(string language, string prefix, string suffix, string raw) =>
        CompletionPostProcessor.Process(raw, prefix, suffix, language, filePath: null);

    public static TheoryData<string, string, string, string, string> BracketBlocks => new()
    {
        { "javascript", "function add(a, b) {\n  ", "", "return a + b;\n}\n\nfunction sub(a, b) {\n  return a - b;\n}", "return a + b;\n}" },
        { "typescript", "class Point {\n  ", "", "x = 0;\n  y = 0;\n}\nexport const origin = new Point();", "x = 0;\n  y = 0;\n}" },
        { "java", "int max(int a, int b) {\n    ", "", "if (a > b) {\n        return a;\n    } else {\n        return b;\n    }\n}\nint min(int a, int b) {", "if (a > b) {\n        return a;\n    } else {\n        return b;\n    }" },
        { "c", "int main(void) {\n    ", "", "printf(\"}\\n\");\n    return 0;\n}\nint other(void) {", "printf(\"}\\n\");\n    return 0;\n}" },
        { "cpp", "for (int i = 0; i < n; ++i) {\n    ", "", "sum += v[i]; // {\n}\nstd::cout << sum;", "sum += v[i]; // {\n}" },
        { "csharp", "public int Add(int a, int b)\n{\n    ", "", "return a + b;\n}\n\npublic int Sub(int a, int b)", "return a + b;\n}" },
        { "go", "func add(a, b int) int {\n\t", "", "return a + b\n}\n\nfunc sub(a, b int) int {", "return a + b\n}" },
        { "rust", "fn add(a: i32, b: i32) -> i32 {\n    ", "", "a + b\n}\n\nfn main() {", "a + b\n}" },
        { "kotlin", "", "", "fun add(a: Int, b: Int): Int {\n    return a + b\n}\nfun sub(a: Int, b: Int) = a - b", "fun add(a: Int, b: Int): Int {\n    return a + b\n}" },
        { "swift", "func greet() {\n    ", "", "print(\"hi\")\n}\ngreet()", "print(\"hi\")\n}" },
        { "php", "function add($a, $b) {\n    ", "", "return $a + $b;\n}\necho add(1, 2);", "return $a + $b;\n}" },
    };

    [Theory]
    [MemberData(nameof(BracketBlocks))]
    public void Brace_languages_stop_where_the_block_closes(string language, string prefix, string suffix, string raw, string expected) =>
        Assert.Equal(expected, Process(language, prefix, suffix, raw));

    public static TheoryData<string, string, string, string, string> IndentationBlocks => new()
    {
        { "python", "def add(a, b):\n    ", "", "total = a + b\n    return total\n\ndef sub(a, b):\n    return a - b", "total = a + b\n    return total" },
        { "python", "def add(a, b):", "", "\n    return a + b\n\nprint(add(1, 2))", "\n    return a + b" },
        { "python", "class A:\n    def f(self):\n        ", "", "x = 1\n        return x\n    def g(self):\n        pass", "x = 1\n        return x" },
        { "starlark", "def rule_impl(ctx):\n    ", "", "out = ctx.outputs.out\n    return [out]\ndef other(ctx):", "out = ctx.outputs.out\n    return [out]" },
        { "gdscript", "func _ready():\n\t", "", "print(\"ready\")\nfunc _process(delta):", "print(\"ready\")" },
        { "haskell", "main = do\n  ", "", "putStrLn \"hi\"\n  print 1\nother = 2", "putStrLn \"hi\"\n  print 1" },
        { "fsharp", "let add a b =\n    ", "", "let s = a + b\n    s\nlet sub a b = a - b", "let s = a + b\n    s" },
        { "yaml", "services:\n  web:\n    ", "", "image: nginx\n    ports:\n      - 80\n  db:\n    image: postgres", "image: nginx\n    ports:\n      - 80" },
        { "shellscript", "if [ -f x ]; then\n  ", "", "echo found\nfi\necho done", "echo found\nfi" },
        { "elixir", "def add(a, b) do\n  ", "", "a + b\nend\n\ndef sub(a, b) do", "a + b\nend" },
        { "ruby", "def add(a, b)\n  ", "", "a + b\nend\n\ndef sub(a, b)", "a + b\nend" },
        { "lua", "function add(a, b)\n  ", "", "return a + b\nend\nprint(add(1, 2))", "return a + b\nend" },
    };

    [Theory]
    [MemberData(nameof(IndentationBlocks))]
    public void Indented_and_end_keyword_languages_stop_where_the_indentation_falls_back(string language, string prefix, string suffix, string raw, string expected) =>
        Assert.Equal(expected, Process(language, prefix, suffix, raw));

    public static TheoryData<string, string, string, string, string> MidLine => new()
    {
        { "python", "result = compute(", ")\nprint(result)", "a, b)\nprint(a)\n", "a, b" },
        { "javascript", "const x = sum(", ");", "1, 2);\nconsole.log(x);", "1, 2" },
        { "typescript", "let name: ", " = 'a';", "string = 'a';\nlet y = 1;", "string" },
        { "java", "String s = String.valueOf(", ");", "value);\nint y;", "value" },
        { "c", "printf(\"%d\", ", ");", "count);\nreturn 0;", "count" },
        { "csharp", "var list = new List<", ">();", "int>();\nlist.Add(1);", "int" },
        { "go", "fmt.Println(", ")", "total)\nreturn", "total" },
        { "rust", "let v: Vec<", "> = Vec::new();", "u8> = Vec::new();\nlet w = 1;", "u8" },
        { "ruby", "puts format(", ")", "'%d', n)\nend", "'%d', n" },
        { "sql", "SELECT name FROM users WHERE id = ", ";", "42;\nSELECT 1;", "42" },
        { "php", "echo strlen(", ");", "$text);\n$x = 1;", "$text" },
    };

    [Theory]
    [MemberData(nameof(MidLine))]
    public void Mid_line_cursor_with_text_after_it_gets_one_line_without_the_text_after_it(string language, string prefix, string suffix, string raw, string expected) =>
        Assert.Equal(expected, Process(language, prefix, suffix, raw));

    public static TheoryData<string, string, string, string, string> SuffixOverlap => new()
    {
        { "python", "def f(x):\n    ", "\n    return y", "y = x * 2\n    return y", "y = x * 2" },
        { "javascript", "if (ok) {\n  ", "\n}", "run();\n}", "run();" },
        { "typescript", "function f() {\n  ", "\n}\n", "go();\n  stop();\n}", "go();\n  stop();" },
        { "java", "void f() {\n    ", "\n}", "a();\n}", "a();" },
        { "c", "while (1) {\n    ", "\n}", "tick();\n}", "tick();" },
        { "cpp", "namespace app {\n", "\n}  // namespace app", "int x = 0;\n}  // namespace app", "int x = 0;" },
        { "csharp", "void F()\n{\n    ", "\n}", "G();\n}", "G();" },
        { "go", "func f() {\n\t", "\n}", "g()\n}", "g()" },
        { "rust", "fn f() {\n    ", "\n}", "g();\n}", "g();" },
        { "lua", "function f()\n  ", "\nend", "g()\nend", "g()" },
        { "ruby", "def f\n  ", "\nend", "g\nend", "g" },
        { "html", "<ul>\n  ", "\n</ul>", "<li>one</li>\n</ul>", "<li>one</li>" },
    };

    [Theory]
    [MemberData(nameof(SuffixOverlap))]
    public void Part_repeating_the_start_of_the_suffix_is_removed(string language, string prefix, string suffix, string raw, string expected) =>
        Assert.Equal(expected, Process(language, prefix, suffix, raw));

    public static TheoryData<string, string, string> RepeatsAbove => new()
    {
        { "python", "    x = 1\n    ", "x = 1" },
        { "javascript", "  console.log(a);\n  ", "console.log(a);" },
        { "typescript", "import { a } from './a';\n", "import { a } from './a';" },
        { "java", "    int x = 0;\n    int", " x = 0;" },
        { "c", "#include <stdio.h>\n", "#include <stdio.h>\n" },
        { "cpp", "    ++i;\n    ", "++i;   " },
        { "csharp", "        return;\n        ", "return;" },
        { "go", "\tdefer f.Close()\n\t", "defer f.Close()" },
        { "rust", "    let x = 1;\n    ", "let x = 1;" },
        { "ruby", "  puts 'hi'\n  ", "puts 'hi'" },
        { "php", "    $a++;\n    ", "$a++;" },
    };

    [Theory]
    [MemberData(nameof(RepeatsAbove))]
    public void Completion_that_only_repeats_the_line_above_is_dropped(string language, string prefix, string raw) =>
        Assert.Equal("", Process(language, prefix, "", raw));

    [Theory]
    [InlineData("python")]
    [InlineData("javascript")]
    [InlineData("typescript")]
    [InlineData("java")]
    [InlineData("c")]
    [InlineData("cpp")]
    [InlineData("csharp")]
    [InlineData("go")]
    [InlineData("rust")]
    [InlineData("ruby")]
    [InlineData("markdown")]
    public void Whitespace_only_completion_is_dropped(string language) =>
        Assert.Equal("", Process(language, "x = 1\n", "", "  \n\t\n   "));

    public static TheoryData<string, string, string> TrailingWhitespace => new()
    {
        { "python", "return a  \n", "return a" },
        { "javascript", "a();   \n  b();\t\n\n", "a();\n  b();" },
        { "typescript", "let x = 1; \n", "let x = 1;" },
        { "java", "x++;\t\t", "x++;" },
        { "c", "y = 2;  \r\n", "y = 2;" },
        { "cpp", "z();\n\n\n", "z();" },
        { "csharp", "F(); ", "F();" },
        { "go", "g()\t\n", "g()" },
        { "rust", "h();   ", "h();" },
        { "sql", "SELECT 1   \n", "SELECT 1" },
        { "markdown", "Some text.  \n\n", "Some text." },
    };

    [Theory]
    [MemberData(nameof(TrailingWhitespace))]
    public void Trailing_whitespace_is_trimmed(string language, string raw, string expected) =>
        Assert.Equal(expected, Process(language, "", "", raw));

    [Fact]
    public void Language_comes_from_the_file_path_when_the_request_names_none()
    {
        var processed = CompletionPostProcessor.Process("total = a + b\n    return total\n\ndef other():", "def f(a, b):\n    ", "", null, "src/calc.py");

        Assert.Equal("total = a + b\n    return total", processed);
    }

    [Fact]
    public void Stop_sequences_come_from_the_languages_definition_keywords()
    {
        Assert.Contains("\ndef ", CompletionLanguageRules.For("python", null).StopSequences);
        Assert.Contains("\nfunc ", CompletionLanguageRules.For(null, "main.go").StopSequences);
        Assert.Empty(CompletionLanguageRules.For("markdown", null).StopSequences);
    }
}
