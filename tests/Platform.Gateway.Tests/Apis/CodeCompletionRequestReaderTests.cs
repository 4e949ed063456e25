using System.Text.Json;
using Platform.Gateway.Apis;

namespace Platform.Gateway.Tests.Apis;

public sealed class CodeCompletionRequestReaderTests
{
    private static (CodeCompletionRequest? Request, Dictionary<string, string[]> Errors) Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var request = CodeCompletionRequestReader.Read(document.RootElement, new SamplingDefaults(), out var errors);
        return (request, errors);
    }

    [Fact]
    public void Segments_are_read_with_changed_and_opened_snippets_together()
    {
        var (request, errors) = Read("""
            {"language":"python","segments":{"prefix":"def f(","suffix":")","filepath":"a.py","git_url":"https://x/y.git",
             "declarations":[{"filepath":"b.py","body":"X = 1"}],
             "relevant_snippets_from_changed_files":[{"filepath":"c.py","body":"c","score":0.9}],
             "relevant_snippets_from_recently_opened_files":[{"filepath":"d.py","body":"d"}],"clipboard":"clip"},
             "max_tokens":12,"temperature":0,"user":"me"}
            """);

        Assert.Empty(errors);
        Assert.NotNull(request);
        Assert.Equal("def f(", request.Prefix);
        Assert.Equal("b.py", Assert.Single(request.Declarations).FilePath);
        Assert.Equal(["c.py", "d.py"], request.RelevantSnippets.Select(s => s.FilePath));
        Assert.Equal(0.9, request.RelevantSnippets[0].Score!.Value, 5);
        Assert.Equal("clip", request.Clipboard);
        Assert.Equal(12, request.Sampling.MaxTokens);
    }

    [Theory]
    [InlineData("""{}""", "segments")]
    [InlineData("""{"segments":{}}""", "segments.prefix")]
    [InlineData("""{"segments":{"prefix":1}}""", "segments.prefix")]
    [InlineData("""{"segments":{"prefix":"x","prefx":"y"}}""", "segments.prefx")]
    [InlineData("""{"segments":{"prefix":"x"},"prompt":"y"}""", "prompt")]
    [InlineData("""{"segments":{"prefix":"x","declarations":{}}}""", "segments.declarations")]
    [InlineData("""{"segments":{"prefix":"x","declarations":[3]}}""", "segments.declarations[0]")]
    [InlineData("""{"segments":{"prefix":"x","declarations":[{"body":"b"}]}}""", "segments.declarations[0].filepath")]
    [InlineData("""{"segments":{"prefix":"x","relevant_snippets_from_changed_files":[{"filepath":"a","body":"b","score":"high"}]}}""", "segments.relevant_snippets_from_changed_files[0].score")]
    [InlineData("""{"segments":{"prefix":"x"},"max_tokens":-1}""", "max_tokens")]
    [InlineData("""{"document":{"text":"x","cursor":0}}""", "document.id")]
    [InlineData("""{"document":{"id":"a.py","text":"x"}}""", "document.cursor")]
    [InlineData("""{"document":{"id":"a.py","cursor":0}}""", "document.text")]
    [InlineData("""{"document":{"id":"a.py","cursor":0,"text":"x","base_hash":"h"}}""", "document.text")]
    [InlineData("""{"document":{"id":"a.py","cursor":-1,"text":"x"}}""", "document.cursor")]
    [InlineData("""{"document":{"id":"a.py","cursor":0,"base_hash":"h","edits":[{"delete":1}]}}""", "document.edits[0].offset")]
    [InlineData("""{"document":{"id":"a.py","cursor":0,"base_hash":"h","edits":[{"offset":0,"insert":"y"}]}}""", "document.edits[0].insert")]
    public void Invalid_or_unknown_field_is_reported_by_name(string json, string field)
    {
        var (request, errors) = Read(json);

        Assert.Null(request);
        Assert.Contains(field, errors.Keys);
    }

    [Fact]
    public void Document_synced_by_edits_replaces_the_segments_prefix()
    {
        var (request, errors) = Read("""
            {"language":"python","document":{"id":"file:///a.py","base_hash":"abc","cursor":7,
             "edits":[{"offset":3,"delete":1,"text":"xy"},{"offset":0,"text":"#"}]}}
            """);

        Assert.Empty(errors);
        var document = request!.Document!;
        Assert.Equal(("file:///a.py", "abc", 7, (string?)null), (document.Id, document.BaseHash, document.Cursor, document.Text));
        Assert.Equal([new(3, 1, "xy"), new(0, 0, "#")], document.Edits);
    }
}
