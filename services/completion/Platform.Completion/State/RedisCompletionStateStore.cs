using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults;
using StackExchange.Redis;

namespace Platform.Completion.State;

/// <summary>The distributed store: plain Redis strings with a TTL, shared by every completion replica.</summary>
internal sealed class RedisCompletionStateStore(RedisConnection connection, ILogger<RedisCompletionStateStore> logger) : ICompletionStateStore
{
    // A completion must not wait on a slow cache: past this the store counts as empty.
    private static readonly TimeSpan FirstConnect = TimeSpan.FromMilliseconds(200);

    public async Task<string?> GetAsync(string key) =>
        await Run(database => database.StringGetAsync(key)) is { IsNull: false } value ? value.ToString() : null;

    public Task SetAsync(string key, string value, TimeSpan timeToLive) =>
        Run(database => database.StringSetAsync(key, value, timeToLive));

    public async Task<string?> ExchangeAsync(string key, string value, TimeSpan timeToLive) =>
        await Run(database => database.StringSetAndGetAsync(key, value, timeToLive)) is { IsNull: false } previous ? previous.ToString() : null;

    private async Task<T?> Run<T>(Func<IDatabase, Task<T>> command)
    {
        try
        {
            return await connection.ConnectedAsync(FirstConnect) is { } redis ? await command(redis.GetDatabase()) : default;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            logger.LogWarning("Completion state store unavailable ({Message}); serving without it.", exception.Message);
            return default;
        }
    }
}
