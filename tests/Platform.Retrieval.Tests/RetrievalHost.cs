using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Contracts.Retrieval;
using Platform.Retrieval.Extensions;
using Platform.Retrieval.Repositories;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Retrieval.Tests;

/// <summary>The retrieval service in a host of its own (in-memory bus), over a data folder that outlives it.</summary>
internal sealed class RetrievalHost : IAsyncDisposable
{
    private RetrievalHost(IHost host) => Host = host;

    public IHost Host { get; }

    public RepositoryService Repositories => Host.Services.GetRequiredService<RepositoryService>();

    public static async Task<RetrievalHost> StartAsync(string dataDirectory, Dictionary<string, string?>? settings = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Retrieval:DataDirectory"] = dataDirectory,
            ["Retrieval:AllowFileRemotes"] = "true",
            ["Retrieval:Embedding:MaxTokens"] = "128",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddRetrieval();
        builder.AddPlatformBus();
        var host = builder.Build();
        await host.StartAsync();
        return new RetrievalHost(host);
    }

    public async Task<RepositorySummary> WaitUntilIndexedAsync(string tenantId, string repositoryId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var found = await Repositories.GetAsync(tenantId, repositoryId, CancellationToken.None);
            var summary = Assert.IsType<RepositoryFound>(found).Repository;
            if (summary.Indexing.State is "ready" or "failed")
            {
                return summary;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Repository {repositoryId} still {summary.Indexing.State} after the timeout.");
            }

            await Task.Delay(50);
        }
    }

    public Task<CodeSearchResults> SearchAsync(string tenantId, string query, IReadOnlyList<string>? repositories = null, int topK = 10) =>
        SearchAsync(new SearchCode { TenantId = tenantId, Query = query, Repositories = repositories, TopK = topK });

    public async Task<CodeSearchResults> SearchAsync(SearchCode request)
    {
        var client = Host.Services.GetRequiredService<IBus>().CreateRequestClient<SearchCode>(new Uri($"queue:{RetrievalQueues.Name}"));
        var response = await client.GetResponse<CodeSearchResults, RetrievalRefused>(request);
        return response.Is(out Response<CodeSearchResults>? results)
            ? results!.Message
            : throw new InvalidOperationException(((RetrievalRefused)response.Message).Message);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
    }
}

/// <summary>A temporary folder deleted at the end of a test.</summary>
internal sealed class TemporaryFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("retrieval-test-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
