using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Gateway.Data;

namespace Platform.Gateway.ApiKeys;

/// <summary>Remembers when each key was last used and writes it out every half minute, not on every request.</summary>
internal sealed class KeyUsageTracker(IServiceScopeFactory scopes, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan FlushEvery = TimeSpan.FromSeconds(30);
    private ConcurrentDictionary<string, DateTimeOffset> _pending = new();

    public void Touch(string keyId) => _pending[keyId] = time.GetUtcNow();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushEvery, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await FlushAsync(CancellationToken.None);
    }

    internal async Task FlushAsync(CancellationToken cancellationToken)
    {
        var batch = Interlocked.Exchange(ref _pending, new ConcurrentDictionary<string, DateTimeOffset>());
        if (batch.IsEmpty)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
        foreach (var (keyId, usedAt) in batch)
        {
            await store.ApiKeys.Where(k => k.Id == keyId)
                .ExecuteUpdateAsync(update => update.SetProperty(k => k.LastUsedAt, usedAt), cancellationToken);
        }
    }
}
