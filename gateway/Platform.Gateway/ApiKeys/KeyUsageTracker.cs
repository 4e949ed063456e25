using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Gateway.Data;

namespace Platform.Gateway.ApiKeys;

/// <summary>
/// Remembers when each key was last used and writes it out every half minute, not on every request. A store that
/// does not answer costs a logged warning and a longer wait before the next try, never the host: last-use times are
/// bookkeeping, and an exception escaping a BackgroundService would stop every replica at once.
/// </summary>
internal sealed class KeyUsageTracker(IServiceScopeFactory scopes, TimeProvider time, ILogger<KeyUsageTracker> logger) : BackgroundService
{
    private static readonly TimeSpan LastFlushTimeout = TimeSpan.FromSeconds(5);
    private ConcurrentDictionary<string, DateTimeOffset> _pending = new();

    /// <summary>How often the last-use times are written; after failures the wait doubles, up to ten times this.</summary>
    internal TimeSpan FlushEvery { get; set; } = TimeSpan.FromSeconds(30);

    public void Touch(string keyId) => _pending[keyId] = time.GetUtcNow();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        try
        {
            while (true)
            {
                await Task.Delay(FlushEvery * Math.Min(10, 1 << Math.Min(failures, 4)), time, stoppingToken);
                failures = await TryFlushAsync(stoppingToken) ? 0 : failures + 1;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        using var last = new CancellationTokenSource(LastFlushTimeout, time);
        await TryFlushAsync(last.Token);
    }

    /// <summary>Writes what is pending; on failure puts it back (a newer touch wins) and says so.</summary>
    internal async Task<bool> TryFlushAsync(CancellationToken cancellationToken)
    {
        var batch = Interlocked.Exchange(ref _pending, new ConcurrentDictionary<string, DateTimeOffset>());
        if (batch.IsEmpty)
        {
            return true;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
            foreach (var (keyId, usedAt) in batch)
            {
                await store.ApiKeys.Where(k => k.Id == keyId)
                    .ExecuteUpdateAsync(update => update.SetProperty(k => k.LastUsedAt, usedAt), cancellationToken);
                batch.TryRemove(keyId, out _);
            }

            return true;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            foreach (var (keyId, usedAt) in batch)
            {
                _pending.AddOrUpdate(keyId, usedAt, (_, touched) => touched > usedAt ? touched : usedAt);
            }

            logger.LogWarning(exception, "Could not write the last-use time of {Count} API keys; will retry.", batch.Count);
            return false;
        }
    }
}
