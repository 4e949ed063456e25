using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Platform.Contracts.Chat;
using Platform.Contracts.Retrieval;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Chat.Grounding;

/// <summary>
/// Gathers the sources a chat request asked for: code hits from the tenant's repositories and passages of web pages,
/// both asked of the retrieval service (the tenant's shard) at once, with the last user turn as the question. A
/// source kind whose search fails or runs past <see cref="ChatGroundingOptions.Timeout"/> is left out; a repository
/// the tenant does not have is a refusal.
/// </summary>
internal sealed class ChatGrounding(IBus bus, IOptions<ChatOptions> options, IConfiguration configuration, ILogger<ChatGrounding> logger)
{
    private readonly int _shards = Math.Max(1, configuration.GetValue("Retrieval:Shards", 1));

    public async Task<ChatSources> GatherAsync(string tenantId, ChatContext context, IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken)
    {
        var question = messages.LastOrDefault(message => message.Role == ChatRoles.User)?.Content;
        if (string.IsNullOrWhiteSpace(question))
        {
            return ChatSources.None;
        }

        var settings = options.Value.Grounding;
        var code = context.Repositories is { } repositories
            ? AskAsync<SearchCode, CodeSearchResults>(tenantId, new SearchCode
            {
                TenantId = tenantId, Query = Shorten(question), Repositories = repositories, TopK = settings.CodeSources,
            }, cancellationToken)
            : Task.FromResult<(CodeSearchResults?, RetrievalRefused?)>((null, null));
        var web = context.Web
            ? AskAsync<SearchWeb, WebSearchResults>(tenantId, new SearchWeb { TenantId = tenantId, Query = Shorten(question), TopK = settings.WebSources }, cancellationToken)
            : Task.FromResult<(WebSearchResults?, RetrievalRefused?)>((null, null));
        var (codeHits, codeRefusal) = await code;
        var (webHits, _) = await web;
        if (codeRefusal is { Code: "not_found" })
        {
            return new ChatSources([], codeRefusal.Message);
        }

        var sources = new List<ChatSource>();
        foreach (var hit in codeHits?.Hits ?? [])
        {
            var index = sources.Count + 1;
            sources.Add(new ChatSource(new ChatCitation
            {
                Index = index, Kind = "file", RepositoryId = hit.RepositoryId, RepositoryName = hit.RepositoryName,
                Path = hit.Path, StartLine = hit.StartLine, EndLine = hit.EndLine,
            }, $"{hit.RepositoryName}/{hit.Path} lines {hit.StartLine}-{hit.EndLine}" + (hit.Symbol is { } symbol ? $" ({symbol})" : ""),
                hit.Text, hit.Language));
        }

        // Several passages of one page are one source: the citation is the page.
        foreach (var page in (webHits?.Hits ?? []).GroupBy(hit => hit.Url, StringComparer.Ordinal))
        {
            var first = page.First();
            sources.Add(new ChatSource(new ChatCitation { Index = sources.Count + 1, Kind = "url", Url = first.Url, Title = first.Title },
                $"{first.Title} — {first.Url}", string.Join("\n…\n", page.Select(hit => hit.Text)), null));
        }

        return new ChatSources(sources);
    }

    private async Task<(TResult?, RetrievalRefused?)> AskAsync<TRequest, TResult>(string tenantId, TRequest request, CancellationToken cancellationToken)
        where TRequest : class
        where TResult : class
    {
        var timeout = options.Value.Grounding.Timeout;
        try
        {
            var client = bus.CreateRequestClient<TRequest>(RetrievalQueues.Address(tenantId, _shards), RequestTimeout.After(ms: (int)timeout.TotalMilliseconds));
            var response = await client.GetResponse<TResult, RetrievalRefused>(request, cancellationToken);
            if (response.Is(out Response<TResult>? found))
            {
                return (found!.Message, null);
            }

            var refused = (RetrievalRefused)response.Message;
            logger.LogInformation("Chat grounding: retrieval refused a {Request}: {Reason}", typeof(TRequest).Name, refused.Message);
            return (null, refused);
        }
        catch (RequestTimeoutException)
        {
            logger.LogWarning("Chat grounding: no {Request} answer within {Timeout}; answering without those sources.", typeof(TRequest).Name, timeout);
            return (null, null);
        }
        catch (RequestFaultException exception)
        {
            logger.LogWarning("Chat grounding: retrieval failed a {Request} ({Fault}); answering without those sources.",
                typeof(TRequest).Name, exception.Fault?.Exceptions.FirstOrDefault()?.Message);
            return (null, null);
        }
    }

    // A question is searched by its end: a pasted stack trace or file comes before what is asked about it.
    private static string Shorten(string question) => question.Length <= 4096 ? question : question[^4096..];
}
