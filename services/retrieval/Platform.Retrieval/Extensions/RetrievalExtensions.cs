using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Platform.Retrieval.Chunking;
using Platform.Retrieval.Consumers;
using Platform.Retrieval.Embeddings;
using Platform.Retrieval.Index;
using Platform.Retrieval.Indexing;
using Platform.Retrieval.Repositories;
using Platform.Retrieval.Search;
using Platform.Retrieval.Web;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Secrets;

namespace Platform.Retrieval.Extensions;

public static class RetrievalExtensions
{
    /// <summary>
    /// The retrieval service: per-tenant repository indexes (definition-aware chunks, BM25 + embeddings) and web
    /// search, answering requests on its shard's queue (<c>retrieval</c>, or <c>retrieval-&lt;shard&gt;</c> with shards).
    /// </summary>
    public static IHostApplicationBuilder AddRetrieval(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RetrievalOptions>().BindConfiguration(RetrievalOptions.Section)
            .ValidateDataAnnotations()
            .Validate(options => options.IsValid(), "Retrieval: Shard must be below Shards; Web:AllowedNetworks must be CIDR networks; Web:Provider must be searx (with an Endpoint URL), brave or empty.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RetrievalMetrics>();
        builder.Services.AddSingleton<TenantFolders>();
        builder.Services.AddSingleton<RepositoryCatalog>();
        builder.AddSecretStore();
        builder.Services.AddSingleton<AccessTokenSeal>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AccessTokenSeal>());
        builder.Services.AddSingleton<PushJournal>();
        builder.Services.AddSingleton<CtagsDefinitions>();
        builder.Services.AddSingleton<DefinitionChunker>();
        builder.Services.AddSingleton<FileFilter>();
        builder.Services.AddSingleton<SentenceEncoder>();
        builder.Services.AddSingleton<TenantIndexes>();
        builder.Services.AddSingleton<FileIndexer>();
        builder.Services.AddSingleton<RepositoryIndexer>();
        builder.Services.AddSingleton<IndexingQueue>();
        builder.Services.AddHostedService(services => services.GetRequiredService<IndexingQueue>());
        builder.Services.AddSingleton<RepositoryService>();
        builder.Services.AddSingleton<CodeSearcher>();
        builder.Services.AddSingleton<CodeSearchService>();
        builder.AddWebSearch();

        var shards = builder.Configuration.GetValue($"{RetrievalOptions.Section}:Shards", 1);
        var shard = builder.Configuration.GetValue($"{RetrievalOptions.Section}:Shard", 0);
        var endpoint = RetrievalQueues.EndpointName(shard, shards);
        builder.AddBusParticipant(bus =>
        {
            bus.AddConsumer<RepositoryConsumer>().Endpoint(e => e.Name = endpoint);
            bus.AddConsumer<SearchConsumer>().Endpoint(e => e.Name = endpoint);
        });
        return builder;
    }
}
