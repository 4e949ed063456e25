using Microsoft.Extensions.Options;
using Platform.Completion.Caching;
using Platform.Completion.State;
using Platform.Contracts.Completions;
using Platform.Contracts.Generation;

namespace Platform.Completion.Tests.Caching;

public sealed class CompletionCacheTests
{
    private const string Prefix = "def add(a, b):\n    ";
    private const string Completion = "return a + b";
    private static readonly IOptions<CompletionOptions> Settings = Options.Create(new CompletionOptions());

    private static CompleteCode Request(string tenant = "t1", string file = "a.py") => new()
    {
        GenerationId = Guid.NewGuid(), TenantId = tenant, ApiKeyId = "k", Model = "m", Prefix = "", FilePath = file,
        Sampling = new SamplingSettings { MaxTokens = 4 }, StreamAddress = new Uri("queue:gateway"), Deadline = DateTimeOffset.MaxValue,
        AcceptedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public async Task Typing_the_start_of_the_last_completion_gives_its_rest_and_anything_else_misses()
    {
        using var store = new MemoryCompletionStateStore(Settings);
        var cache = new CompletionCache(store, Settings);
        await cache.StoreAsync(Request(), Prefix, "\n", Completion);

        Assert.Equal<(string, CacheHit)?>(("a + b", CacheHit.TypingAhead), await cache.FindAsync(Request(), Prefix + "return ", "\n"));
        Assert.Equal<(string, CacheHit)?>((Completion, CacheHit.Exact), await cache.FindAsync(Request(), Prefix, "\n"));
        Assert.Null(await cache.FindAsync(Request(), Prefix + "retry", "\n"));
        Assert.Null(await cache.FindAsync(Request(), Prefix + "return ", "\nprint(1)"));
        Assert.Null(await cache.FindAsync(Request(), Prefix + Completion, "\n"));
        Assert.Null(await cache.FindAsync(Request(file: "b.py"), Prefix + "return ", "\n"));
    }

    [Fact]
    public async Task Cache_keys_are_per_tenant()
    {
        using var store = new MemoryCompletionStateStore(Settings);
        var cache = new CompletionCache(store, Settings);
        await cache.StoreAsync(Request("t1"), Prefix, "\n", Completion);

        Assert.Null(await cache.FindAsync(Request("t2"), Prefix, "\n"));
        Assert.Null(await cache.FindAsync(Request("t2"), Prefix + "ret", "\n"));
    }

    [Fact]
    public async Task Zero_time_to_live_turns_the_cache_off()
    {
        var off = Options.Create(new CompletionOptions { CacheTimeToLive = TimeSpan.Zero, TypingAheadTimeToLive = TimeSpan.Zero });
        using var store = new MemoryCompletionStateStore(off);
        var cache = new CompletionCache(store, off);
        await cache.StoreAsync(Request(), Prefix, "\n", Completion);

        Assert.Null(await cache.FindAsync(Request(), Prefix, "\n"));
    }
}
