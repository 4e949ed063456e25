using System.Text.Json;
using Platform.Gateway.Apis;

namespace Platform.Gateway.Tests.Apis;

/// <summary>The <c>context</c> extension of a chat request: what grounds the answer, checked field by field.</summary>
public sealed class ChatContextReaderTests
{
    private static (ChatCompletionRequest? Request, Dictionary<string, string[]> Errors) Read(string context)
    {
        using var document = JsonDocument.Parse($$"""{"messages":[{"role":"user","content":"x"}],"context":{{context}}}""");
        var request = ChatCompletionRequestReader.Read(document.RootElement, new SamplingDefaults(), out var errors);
        return (request, errors);
    }

    [Fact]
    public void Repositories_and_web_are_read()
    {
        var (request, errors) = Read("""{"repositories":["api","repo_1"],"web":true}""");

        Assert.Empty(errors);
        var context = Assert.IsType<ChatCompletionRequest>(request).Context!;
        Assert.Equal(["api", "repo_1"], context.Repositories!);
        Assert.True(context.Web);
    }

    [Fact]
    public void An_empty_repository_list_means_all_of_the_tenants_repositories()
    {
        var (request, errors) = Read("""{"repositories":[]}""");

        Assert.Empty(errors);
        Assert.Empty(request!.Context!.Repositories!);
        Assert.False(request.Context.Web);
    }

    [Theory]
    [InlineData("""{"colour":1,"web":true}""", "context.colour")]
    [InlineData("""{"web":false}""", "context.repositories")]
    [InlineData("""{"repositories":[1]}""", "context.repositories")]
    [InlineData("""{"web":"yes"}""", "context.web")]
    [InlineData("""["web"]""", "context")]
    public void A_malformed_context_is_refused_by_field(string context, string field)
    {
        var (request, errors) = Read(context);

        Assert.Null(request);
        Assert.Contains(field, errors.Keys);
    }

    [Fact]
    public void A_request_without_context_asks_for_no_grounding()
    {
        using var document = JsonDocument.Parse("""{"messages":[{"role":"user","content":"x"}]}""");

        Assert.Null(ChatCompletionRequestReader.Read(document.RootElement, new SamplingDefaults(), out _)!.Context);
    }
}
