using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Platform.Completion.State;

/// <summary>The embedded store: a memory cache capped at <see cref="CompletionOptions.MemoryStoreCharacters"/>, least recently used out first.</summary>
internal sealed class MemoryCompletionStateStore(IOptions<CompletionOptions> options) : ICompletionStateStore, IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = options.Value.MemoryStoreCharacters, CompactionPercentage = 0.25 });
    private readonly Lock _exchange = new();

    public Task<string?> GetAsync(string key) => Task.FromResult(_cache.Get<string>(key));

    public Task SetAsync(string key, string value, TimeSpan timeToLive)
    {
        Set(key, value, timeToLive);
        return Task.CompletedTask;
    }

    public Task<string?> ExchangeAsync(string key, string value, TimeSpan timeToLive)
    {
        lock (_exchange)
        {
            var previous = _cache.Get<string>(key);
            Set(key, value, timeToLive);
            return Task.FromResult(previous);
        }
    }

    private void Set(string key, string value, TimeSpan timeToLive) =>
        _cache.Set(key, value, new MemoryCacheEntryOptions { Size = key.Length + value.Length, AbsoluteExpirationRelativeToNow = timeToLive });

    public void Dispose() => _cache.Dispose();
}
