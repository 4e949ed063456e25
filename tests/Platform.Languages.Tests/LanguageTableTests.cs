using Platform.Languages;

namespace Platform.Languages.Tests;

public sealed class LanguageTableTests
{
    [Fact]
    public void Table_knows_more_than_eighty_languages()
    {
        Assert.True(LanguageTable.All.Count >= 80, $"only {LanguageTable.All.Count} languages");
    }

    [Theory]
    [InlineData("ids and aliases")]
    [InlineData("extensions")]
    [InlineData("file names")]
    [InlineData("interpreters")]
    public void No_key_belongs_to_two_languages(string keyKind)
    {
        Func<Language, IEnumerable<string>> keys = keyKind switch
        {
            "ids and aliases" => language => [language.Id.ToUpperInvariant(), .. language.Aliases.Select(a => a.ToUpperInvariant())],
            "extensions" => language => language.Extensions.Select(e => e.ToUpperInvariant()),
            "file names" => language => language.FileNames,
            _ => language => language.Interpreters,
        };

        var shared = LanguageTable.All
            .SelectMany(language => keys(language).Distinct().Select(key => (key, language.Id)))
            .GroupBy(pair => pair.key)
            .Where(group => group.Count() > 1)
            .Select(group => $"{group.Key}: {string.Join(", ", group.Select(pair => pair.Id))}")
            .ToList();

        Assert.Empty(shared);
    }

    [Fact]
    public void Every_entry_is_well_formed()
    {
        foreach (var language in LanguageTable.All)
        {
            Assert.Equal(language.Id, language.Id.ToLowerInvariant());
            Assert.False(string.IsNullOrWhiteSpace(language.Name));
            Assert.True(language.Extensions.Count + language.FileNames.Count > 0, $"{language.Id} cannot be detected from a path");
            Assert.All(language.Extensions, extension => Assert.Matches("^\\.[a-z0-9+_.-]+$", extension));
        }
    }

    [Theory]
    [InlineData("src/app/main.py", "python")]
    [InlineData("src/Gateway/Program.cs", "csharp")]
    [InlineData("web/components/Button.tsx", "typescript")]
    [InlineData("lib/index.mjs", "javascript")]
    [InlineData("include/engine.h", "c")]
    [InlineData("include/engine.hpp", "cpp")]
    [InlineData("cmd/server/main.go", "go")]
    [InlineData("crates/core/src/lib.rs", "rust")]
    [InlineData("C:\\work\\App\\Module.FS", "fsharp")]
    [InlineData("deploy/Dockerfile", "dockerfile")]
    [InlineData("Makefile", "makefile")]
    [InlineData("CMakeLists.txt", "cmake")]
    [InlineData("Gemfile", "ruby")]
    [InlineData("tsconfig.json", "jsonc")]
    [InlineData("package.json", "json")]
    [InlineData("infra/main.tf", "hcl")]
    [InlineData("docs/README.md", "markdown")]
    [InlineData("types/index.d.ts", "typescript")]
    public void Path_detects_by_file_name_then_extension(string path, string expected)
    {
        Assert.Equal(expected, LanguageTable.FromPath(path)?.Id);
    }

    [Theory]
    [InlineData("notes.unknownext")]
    [InlineData("LICENSE")]
    [InlineData("dir/")]
    public void Unknown_paths_have_no_language(string path)
    {
        Assert.Null(LanguageTable.FromPath(path));
    }

    [Theory]
    [InlineData("#!/usr/bin/env python3", "python")]
    [InlineData("#!/usr/bin/python3.12 -u", "python")]
    [InlineData("#!/bin/bash -e", "shellscript")]
    [InlineData("#!/usr/bin/env -S node --no-warnings", "javascript")]
    [InlineData("#!/usr/bin/env ruby", "ruby")]
    [InlineData("#!/usr/bin/perl -w", "perl")]
    public void Shebang_names_the_interpreter(string firstLine, string expected)
    {
        Assert.Equal(expected, LanguageTable.FromShebang(firstLine)?.Id);
    }

    [Theory]
    [InlineData("# not a shebang")]
    [InlineData("#!")]
    [InlineData("#!/usr/bin/env")]
    public void Lines_that_are_not_shebangs_detect_nothing(string firstLine)
    {
        Assert.Null(LanguageTable.FromShebang(firstLine));
    }

    [Theory]
    [InlineData("C#", "csharp")]
    [InlineData("py", "python")]
    [InlineData("TypeScriptReact", "typescript")]
    [InlineData(" golang ", "go")]
    public void Ids_and_aliases_match_case_insensitively(string id, string expected)
    {
        Assert.Equal(expected, LanguageTable.FindById(id)?.Id);
    }

    [Fact]
    public void Detect_prefers_the_client_id_then_the_path_then_the_shebang()
    {
        Assert.Equal("rust", LanguageTable.Detect("rust", "main.py")?.Id);
        Assert.Equal("python", LanguageTable.Detect("no-such-language", "main.py")?.Id);
        Assert.Equal("shellscript", LanguageTable.Detect(null, "bin/deploy", "#!/bin/sh")?.Id);
        Assert.Null(LanguageTable.Detect(null, null));
    }

    [Fact]
    public void Block_rules_follow_the_language_family()
    {
        Assert.Equal(BlockStyle.Indentation, LanguageTable.FindById("python")!.Blocks);
        Assert.Equal(BlockStyle.Braces, LanguageTable.FindById("java")!.Blocks);
        Assert.Equal(BlockStyle.EndKeyword, LanguageTable.FindById("ruby")!.Blocks);
        Assert.Equal(BlockStyle.Markup, LanguageTable.FindById("html")!.Blocks);
        Assert.Equal("#", LanguageTable.FindById("python")!.LineComment);
        Assert.Equal(new BlockComment("/*", "*/"), LanguageTable.FindById("go")!.BlockComment);
    }

    [Fact]
    public void Ctags_names_are_ones_universal_ctags_knows()
    {
        // From `ctags --list-languages` of Universal Ctags 5.9, the version the retrieval service installs.
        string[] known =
        [
            "Ada", "Asciidoc", "Asm", "Awk", "Basic", "BibTeX", "C", "C#", "C++", "CMake", "CSS", "CUDA", "Clojure", "Cobol",
            "D", "Diff", "DosBatch", "Elixir", "Elm", "EmacsLisp", "Erlang", "Fortran", "Go", "HTML", "Haskell", "Haxe",
            "Iniconf", "JSON", "Java", "JavaScript", "Julia", "Kotlin", "Lisp", "Lua", "Make", "Markdown", "MatLab", "OCaml",
            "ObjectiveC", "PHP", "Pascal", "Perl", "Perl6", "PowerShell", "Protobuf", "Python", "R", "ReStructuredText",
            "Ruby", "Rust", "SCSS", "SQL", "Scheme", "Sh", "SystemVerilog", "Tcl", "Tex", "TypeScript", "VHDL", "Verilog",
            "Vim", "XML", "Yaml",
        ];

        Assert.All(
            LanguageTable.All.Where(language => language.CtagsName is not null),
            language => Assert.Contains(language.CtagsName, known));
    }
}
