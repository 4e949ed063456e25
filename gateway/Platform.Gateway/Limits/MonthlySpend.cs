using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Gateway.Data;

namespace Platform.Gateway.Limits;

/// <summary>
/// Each tenant's spend this month, as the quota check needs it. The usage ledger is the truth and the limit store's
/// month counter its copy: a missing counter (Redis restarted empty, a new month, a plan given a quota) is rebuilt
/// from the ledger, by one query per tenant and month however many requests ask at once, and set only if still
/// missing (another replica may have won). Metered tokens that cannot reach the counter mark it stale; a stale counter
/// is dropped as soon as the store answers, here before this replica's next quota check and in the background, so
/// the next check rebuilds it with those tokens. (A batch committed while a rebuild reads the ledger can still miss
/// that counter: the window is one query long.)
/// </summary>
internal sealed class MonthlySpend(IServiceScopeFactory scopes, ILimitStore limits, ILogger<MonthlySpend> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<(string Tenant, string Month), Task> _rebuilding = new();
    private readonly ConcurrentDictionary<(string Tenant, string Month), DateTimeOffset> _stale = new();

    /// <summary>How often stale counters are retried in the background.</summary>
    internal TimeSpan RepairEvery { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Sets the month's counter from the ledger unless it exists by then.</summary>
    /// <exception cref="LimitStoreUnavailableException">The store or the ledger cannot be reached.</exception>
    public async Task RebuildAsync(string tenantId, DateTimeOffset at)
    {
        var key = (tenantId, LimitWindows.Month(at));
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var shared = _rebuilding.GetOrAdd(key, mine.Task);
        if (shared == mine.Task)
        {
            try
            {
                var spent = await LedgerSpendAsync(tenantId, at);
                if (await limits.SeedMonthlyUsageAsync(tenantId, at, spent))
                {
                    logger.LogInformation("Rebuilt the {Month} quota counter of tenant {Tenant} from the usage ledger: {Spent} tokens.",
                        key.Item2, tenantId, spent);
                }

                mine.SetResult();
            }
            catch (Exception exception)
            {
                mine.SetException(exception);
            }
            finally
            {
                _rebuilding.TryRemove(new KeyValuePair<(string, string), Task>(key, mine.Task));
            }
        }

        await shared;
    }

    /// <summary>Counts newly metered tokens; never fails for an unreachable store (the counter is marked stale instead).</summary>
    public async Task AddAsync(string tenantId, DateTimeOffset at, long tokens)
    {
        try
        {
            await limits.AddMonthlyUsageAsync(tenantId, at, tokens);
        }
        catch (LimitStoreUnavailableException exception)
        {
            _stale[(tenantId, LimitWindows.Month(at))] = at;
            logger.LogWarning(exception, "Could not add {Tokens} metered tokens to the quota counter of tenant {Tenant}; it will be rebuilt from the ledger.",
                tokens, tenantId);
        }
    }

    /// <summary>Drops the tenant's counter for the month of <paramref name="at"/> if an increment missed it, before a quota check trusts it.</summary>
    /// <exception cref="LimitStoreUnavailableException">The store cannot be reached.</exception>
    public Task RepairAsync(string tenantId, DateTimeOffset at) =>
        _stale.IsEmpty || !_stale.ContainsKey((tenantId, LimitWindows.Month(at))) ? Task.CompletedTask : ForgetAsync((tenantId, LimitWindows.Month(at)), at);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(RepairEvery, stoppingToken);
                foreach (var (key, at) in _stale)
                {
                    try
                    {
                        await ForgetAsync(key, at);
                    }
                    catch (LimitStoreUnavailableException)
                    {
                        break; // still down: try again later
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ForgetAsync((string Tenant, string Month) key, DateTimeOffset at)
    {
        await limits.ForgetMonthlyUsageAsync(key.Tenant, at);
        _stale.TryRemove(new KeyValuePair<(string, string), DateTimeOffset>(key, at));
    }

    private async Task<long> LedgerSpendAsync(string tenantId, DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        var start = new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var end = start.AddMonths(1);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var store = scope.ServiceProvider.GetRequiredService<GatewayDbContext>();
            return await store.UsageRecords.AsNoTracking()
                .Where(usage => usage.TenantId == tenantId && usage.CompletedAt >= start && usage.CompletedAt < end)
                .SumAsync(usage => (long)usage.PromptTokens + usage.CompletionTokens);
        }
        catch (DbException exception)
        {
            throw new LimitStoreUnavailableException("The usage ledger cannot be read.", exception);
        }
    }
}
