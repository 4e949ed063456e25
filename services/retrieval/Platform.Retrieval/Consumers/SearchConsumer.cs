using MassTransit;
using Platform.Contracts.Retrieval;
using Platform.Retrieval.Search;
using Platform.Retrieval.Web;

namespace Platform.Retrieval.Consumers;

/// <summary>Code and web searches; a web search's failure (provider down) is a refusal, not an exception.</summary>
internal sealed class SearchConsumer(CodeSearchService code, WebSearchService web) : IConsumer<SearchCode>, IConsumer<SearchWeb>
{
    public async Task Consume(ConsumeContext<SearchCode> context) =>
        await context.RespondAsync(await code.SearchAsync(context.Message, context.CancellationToken));

    public async Task Consume(ConsumeContext<SearchWeb> context) =>
        await context.RespondAsync(await web.SearchAsync(context.Message, context.CancellationToken));
}
