using System.Diagnostics.Metrics;
using Platform.Contracts.Retrieval;

namespace Platform.Retrieval.Tests.Indexing;

public sealed class GitIndexingTests
{
    private const string Tenant = "tenant-git";

    private static readonly Dictionary<string, string?> FirstCommit = new()
    {
        ["src/geometry.py"] = "import math\n\n\ndef circle_area(radius):\n    return math.pi * radius ** 2\n\n\nclass Polygon:\n    def __init__(self, points):\n        self.points = points\n\n    def perimeter(self):\n        return sum(math.dist(a, b) for a, b in zip(self.points, self.points[1:]))\n",
        ["src/ledger.py"] = "def post_entry(ledger, amount):\n    ledger.append(amount)\n    return sum(ledger)\n",
        ["src/obsolete.py"] = "def frobnicate_widget(widget):\n    return widget.frobnicated\n",
        ["node_modules/lib/index.js"] = "function vendoredThing() { return 1; }\n",
    };

    [Fact]
    public async Task A_new_commit_reindexes_exactly_the_changed_file_and_a_deleted_file_leaves_the_index()
    {
        using var data = new TemporaryFolder();
        var remote = BareRepository.Create(Path.Combine(data.Path, "remote.git"));
        var first = remote.Commit(FirstCommit);
        await using var host = await RetrievalHost.StartAsync(Path.Combine(data.Path, "service"));

        var registered = Assert.IsType<RepositoryFound>(await host.Repositories.RegisterAsync(
            new RegisterRepository { TenantId = Tenant, Name = "shapes", GitUrl = remote.Url }, CancellationToken.None));
        var indexed = await host.WaitUntilIndexedAsync(Tenant, registered.Repository.Id);
        Assert.Equal("ready", indexed.Indexing.State);
        Assert.Equal(first, indexed.Indexing.LastCommit);
        Assert.Equal(3, indexed.Indexing.Files); // the vendored file is skipped
        Assert.Contains((await host.SearchAsync(Tenant, "frobnicate widget")).Hits, hit => hit.Path == "src/obsolete.py");

        using var files = new IndexedFileCounter();
        var second = remote.Commit(new Dictionary<string, string?>
        {
            ["src/ledger.py"] = "def post_entry(ledger, amount):\n    ledger.append(reconcile_amount(amount))\n    return sum(ledger)\n",
            ["src/obsolete.py"] = null,
        });
        Assert.IsType<RepositoryFound>(await host.Repositories.SyncAsync(Tenant, registered.Repository.Id, CancellationToken.None));
        var synced = await host.WaitUntilIndexedAsync(Tenant, registered.Repository.Id);

        Assert.Equal(second, synced.Indexing.LastCommit);
        Assert.Equal(2, synced.Indexing.PlannedFiles); // one changed, one deleted; geometry.py untouched
        Assert.Equal(1, files.Count); // only ledger.py went through chunking and embedding again
        Assert.Equal(2, synced.Indexing.Files);
        Assert.DoesNotContain((await host.SearchAsync(Tenant, "frobnicate widget")).Hits, hit => hit.Path == "src/obsolete.py");
        var ledger = (await host.SearchAsync(Tenant, "reconcile_amount")).Hits[0];
        Assert.Equal("src/ledger.py", ledger.Path);
        Assert.Contains("reconcile_amount", ledger.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chunks_carry_path_language_line_range_and_enclosing_symbol()
    {
        using var data = new TemporaryFolder();
        var remote = BareRepository.Create(Path.Combine(data.Path, "remote.git"));
        remote.Commit(FirstCommit);
        await using var host = await RetrievalHost.StartAsync(Path.Combine(data.Path, "service"));
        var registered = Assert.IsType<RepositoryFound>(await host.Repositories.RegisterAsync(
            new RegisterRepository { TenantId = Tenant, Name = "shapes", GitUrl = remote.Url }, CancellationToken.None));
        await host.WaitUntilIndexedAsync(Tenant, registered.Repository.Id);

        var hit = (await host.SearchAsync(Tenant, "perimeter of the polygon points")).Hits.First(hit => hit.Symbol == "Polygon");
        Assert.Equal("src/geometry.py", hit.Path);
        Assert.Equal("python", hit.Language);
        Assert.Equal(8, hit.StartLine); // class Polygon: … kept whole, as it fits the budget
        Assert.Equal(13, hit.EndLine);
        Assert.Equal("shapes", hit.RepositoryName);
    }

    [Fact]
    public async Task An_unreachable_remote_fails_with_its_error_in_the_status()
    {
        using var data = new TemporaryFolder();
        await using var host = await RetrievalHost.StartAsync(Path.Combine(data.Path, "service"));
        var registered = Assert.IsType<RepositoryFound>(await host.Repositories.RegisterAsync(
            new RegisterRepository { TenantId = Tenant, Name = "gone", GitUrl = new Uri(Path.Combine(data.Path, "missing.git")).AbsoluteUri },
            CancellationToken.None));

        var status = await host.WaitUntilIndexedAsync(Tenant, registered.Repository.Id);
        Assert.Equal("failed", status.Indexing.State);
        Assert.NotEmpty(status.Indexing.Errors);
    }

    [Fact]
    public async Task Only_https_remotes_are_accepted_unless_file_remotes_are_enabled()
    {
        using var data = new TemporaryFolder();
        await using var host = await RetrievalHost.StartAsync(Path.Combine(data.Path, "service"),
            new() { ["Retrieval:AllowFileRemotes"] = "false" });
        foreach (var url in new[] { "file:///etc", "http://example.com/a.git", "ssh://git@example.com/a.git", "not a url" })
        {
            var refused = Assert.IsType<RetrievalRefused>(await host.Repositories.RegisterAsync(
                new RegisterRepository { TenantId = Tenant, Name = "x", GitUrl = url }, CancellationToken.None));
            Assert.Equal("invalid_request", refused.Code);
        }
    }

    /// <summary>Counts files the indexer chunks and embeds, from the service's own metric.</summary>
    private sealed class IndexedFileCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public IndexedFileCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "platform.retrieval.indexed_files")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _count, value));
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
