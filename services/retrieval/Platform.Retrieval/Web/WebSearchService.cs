using Microsoft.Extensions.Options;
using Platform.Contracts.Retrieval;

namespace Platform.Retrieval.Web;

/// <summary>Web questions: provider results, pages fetched safely, passages ranked against the question.</summary>
internal sealed class WebSearchService(IOptions<RetrievalOptions> options)
{
    public Task<object> SearchAsync(SearchWeb request, CancellationToken cancellationToken) =>
        Task.FromResult<object>(new RetrievalRefused("unavailable",
            $"No web search provider is configured ({RetrievalOptions.Section}:Web:Provider); shard {options.Value.Shard}."));
}
