using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults;
using StackExchange.Redis;

namespace Platform.Gateway.Admin;

/// <summary>
/// The public API's answers per minute: every <c>/v1</c> request, and those refused by authentication (401), a scope or
/// a suspended tenant (403) or a limit or quota (429). The usage ledger cannot tell this: a refused request never
/// reaches a worker. With Redis every replica adds its counts to shared per-minute hashes every few seconds, so the
/// overview counts the whole fleet; without Redis (embedded) the counts are this process's.
/// </summary>
internal sealed partial class EdgeRefusals(TimeProvider time, ILogger<EdgeRefusals> logger, RedisConnection? redis = null) : BackgroundService
{
    private static readonly TimeSpan FlushEvery = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Kept = TimeSpan.FromHours(25);
    private static readonly RedisValue[] Fields = ["requests", "401", "403", "429"];

    /// <summary>Counts per minute (Unix minutes): everything seen (no Redis), or what is not yet flushed (Redis).</summary>
    private readonly ConcurrentDictionary<long, long[]> _minutes = new();

    /// <summary>Whether the counts are the whole fleet's (Redis) or this process's.</summary>
    public bool Shared => redis is not null;

    /// <summary>Middleware: counts each <c>/v1</c> request by the status it was answered with.</summary>
    public static async Task CountAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        try
        {
            await next(context);
        }
        finally
        {
            context.RequestServices.GetRequiredService<EdgeRefusals>().Record(context.Response.StatusCode);
        }
    }

    public void Record(int status)
    {
        var counts = _minutes.GetOrAdd(Minute(time.GetUtcNow()), _ => new long[Fields.Length]);
        Interlocked.Increment(ref counts[0]);
        var field = status switch
        {
            StatusCodes.Status401Unauthorized => 1,
            StatusCodes.Status403Forbidden => 2,
            StatusCodes.Status429TooManyRequests => 3,
            _ => 0,
        };
        if (field > 0)
        {
            Interlocked.Increment(ref counts[field]);
        }
    }

    /// <summary>The minutes from <paramref name="since"/> to now, summed.</summary>
    public async Task<EdgeSummary> ReadAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var first = Minute(since);
        var last = Minute(time.GetUtcNow());
        var totals = new long[Fields.Length];
        var database = redis is null ? null : (await redis.ConnectedAsync(TimeSpan.FromMilliseconds(250)))?.GetDatabase();
        if (database is not null)
        {
            var reads = new List<Task<RedisValue[]>>();
            var batch = database.CreateBatch();
            for (var minute = first; minute <= last; minute++)
            {
                reads.Add(batch.HashGetAsync(Key(minute), Fields));
            }

            batch.Execute();
            foreach (var values in await Task.WhenAll(reads).WaitAsync(cancellationToken))
            {
                for (var i = 0; i < Fields.Length; i++)
                {
                    totals[i] += values[i].TryParse(out long value) ? value : 0;
                }
            }
        }

        // Not yet flushed (Redis), or all there is (no Redis).
        foreach (var (minute, counts) in _minutes)
        {
            if (minute >= first && minute <= last)
            {
                for (var i = 0; i < Fields.Length; i++)
                {
                    totals[i] += Volatile.Read(ref counts[i]);
                }
            }
        }

        return new EdgeSummary(totals[0], totals[1], totals[2], totals[3], Shared);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushEvery, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await FlushAsync();
            }
            catch (RedisException exception)
            {
                // Nothing was subtracted: the counts go with the next flush.
                LogFlushFailed(logger, exception.Message);
            }
        }
    }

    /// <summary>
    /// Adds the unflushed counts to Redis and subtracts what was sent, so a request counted meanwhile stays for the next
    /// flush and a failed flush loses nothing. Minutes that are over and empty are dropped (without Redis: once older than
    /// the longest window).
    /// </summary>
    private async Task FlushAsync()
    {
        var current = Minute(time.GetUtcNow());
        if (redis is null)
        {
            var oldest = Minute(time.GetUtcNow() - Kept);
            foreach (var minute in _minutes.Keys.Where(minute => minute < oldest))
            {
                _minutes.TryRemove(minute, out _);
            }

            return;
        }

        var database = (await redis.ConnectedAsync(TimeSpan.FromMilliseconds(250)))?.GetDatabase();
        if (database is null)
        {
            return;
        }

        foreach (var (minute, counts) in _minutes)
        {
            var sent = Enumerable.Range(0, Fields.Length).Select(i => Volatile.Read(ref counts[i])).ToArray();
            if (sent.Any(count => count > 0))
            {
                var key = Key(minute);
                var batch = database.CreateBatch();
                var writes = Enumerable.Range(0, Fields.Length).Where(i => sent[i] > 0)
                    .Select(i => (Task)batch.HashIncrementAsync(key, Fields[i], sent[i]))
                    .Append(batch.KeyExpireAsync(key, Kept)).ToList();
                batch.Execute();
                await Task.WhenAll(writes);
                for (var i = 0; i < Fields.Length; i++)
                {
                    Interlocked.Add(ref counts[i], -sent[i]);
                }
            }
            else if (minute < current - 1)
            {
                _minutes.TryRemove(minute, out _);
            }
        }
    }

    private static long Minute(DateTimeOffset at) => at.ToUnixTimeSeconds() / 60;

    private static RedisKey Key(long minute) => $"platform:edge:{minute}";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Edge refusal counts could not reach Redis ({Reason}); they are kept for the next flush.")]
    private static partial void LogFlushFailed(ILogger logger, string reason);
}

/// <summary>The public API's requests in a window, and how many were refused (401, 403, 429).</summary>
internal sealed record EdgeSummary(long Requests, long Unauthorized, long Forbidden, long RateLimited, bool Shared)
{
    public long Refused => Unauthorized + Forbidden + RateLimited;

    public double RefusalRate => Requests == 0 ? 0 : Math.Round(Refused / (double)Requests, 4);
}
