using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Platform.ServiceDefaults;

/// <summary>
/// The process's one Redis connection, opened in the background from start-up. A caller never blocks on Redis being
/// down: while the first attempt runs (which takes the connect timeout and its retries when nothing answers), or
/// whenever the multiplexer is disconnected, <see cref="ConnectedAsync"/> says so at once, and the multiplexer keeps
/// reconnecting by itself.
/// </summary>
public sealed class RedisConnection : IHostedService, IAsyncDisposable
{
    private readonly Task<IConnectionMultiplexer> _connecting;

    public RedisConnection(ConfigurationOptions options)
        : this(ConnectAsync(options))
    {
    }

    private RedisConnection(Task<IConnectionMultiplexer> connecting) => _connecting = connecting;

    /// <summary>Wraps a multiplexer that is already made (tests, tools).</summary>
    public static RedisConnection Of(IConnectionMultiplexer multiplexer) => new(Task.FromResult(multiplexer));

    /// <summary>The multiplexer if it is connected, waiting at most <paramref name="firstConnect"/> for the first attempt; else null.</summary>
    public async ValueTask<IConnectionMultiplexer?> ConnectedAsync(TimeSpan firstConnect)
    {
        if (!_connecting.IsCompleted)
        {
            await Task.WhenAny(_connecting, Task.Delay(firstConnect));
        }

        return _connecting.IsCompletedSuccessfully && _connecting.Result.IsConnected ? _connecting.Result : null;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask; // resolving this service started the connect

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_connecting.IsCompletedSuccessfully)
        {
            await _connecting.Result.DisposeAsync();
        }
    }

    private static async Task<IConnectionMultiplexer> ConnectAsync(ConfigurationOptions options) =>
        await ConnectionMultiplexer.ConnectAsync(options);
}
