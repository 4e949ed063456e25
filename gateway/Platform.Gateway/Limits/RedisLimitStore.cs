using Platform.ServiceDefaults;
using StackExchange.Redis;

namespace Platform.Gateway.Limits;

/// <summary>
/// Limits shared by every gateway replica, each decision one atomic Lua script: requests per minute per key as a
/// sliding log, concurrency per key as leases that expire, tokens per minute per tenant as a sliding window counter,
/// and the monthly token quota as the month's counter plus the reservations of requests in flight (leases that
/// expire too). All keys of one request share the tenant's hash tag (<see cref="LimitKeys"/>), so the scripts run on
/// Redis Cluster too. While Redis is disconnected every call fails at once with
/// <see cref="LimitStoreUnavailableException"/> instead of waiting out the command timeout in the client's backlog.
/// </summary>
internal sealed class RedisLimitStore(RedisConnection connection) : ILimitStore
{
    /// <summary>How long a call waits for the first connect at start-up before calling Redis unavailable.</summary>
    private static readonly TimeSpan FirstConnectWait = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan MonthCounterLife = TimeSpan.FromDays(40);

    // Only limited dimensions are read and counted (a 0 is unlimited): an unlimited key keeps no request log in Redis.
    // A quota whose month counter is missing answers 5 (unknown) and counts nothing: the caller rebuilds it from the ledger.
    // A reservation is the member "id:tokens" scored by its expiry; KEYS[7] holds their sum.
    private const string AdmitScript = """
        local now = tonumber(ARGV[1])
        local rpm, conc, tpm, quota = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
        local reserve, id, leaseMs, windowStart = tonumber(ARGV[6]), ARGV[7], tonumber(ARGV[8]), tonumber(ARGV[9])
        local used, running, tokens, spent, reserved, reqReset = 0, 0, 0, 0, 0, 60000
        if rpm > 0 then
          redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 60000)
          used = redis.call('ZCARD', KEYS[1])
          if used > 0 then
            local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
            reqReset = tonumber(oldest[2]) + 60000 - now
          end
        end
        if conc > 0 then
          redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
          running = redis.call('ZCARD', KEYS[2])
        end
        if tpm > 0 then
          local cur = tonumber(redis.call('GET', KEYS[3]) or '0')
          local prev = tonumber(redis.call('GET', KEYS[4]) or '0')
          tokens = cur + math.floor(prev * (60000 - (now - windowStart)) / 60000)
        end
        if quota > 0 then
          local counted = redis.call('GET', KEYS[5])
          if not counted then return {5, 0, 0, used, tokens} end
          spent = tonumber(counted)
          local expired = redis.call('ZRANGEBYSCORE', KEYS[6], '-inf', now)
          if #expired > 0 then
            local freed = 0
            for _, member in ipairs(expired) do freed = freed + tonumber(string.match(member, ':(%d+)$')) end
            redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', now)
            redis.call('DECRBY', KEYS[7], freed)
          end
          reserved = tonumber(redis.call('GET', KEYS[7]) or '0')
        end
        if rpm > 0 and used >= rpm then return {0, 1, reqReset, used, tokens} end
        if conc > 0 and running >= conc then return {0, 3, 1000, used, tokens} end
        if tpm > 0 and tokens + reserve > tpm then return {0, 2, 60000 - (now - windowStart), used, tokens} end
        if quota > 0 and spent + reserved >= quota then return {0, 4, 0, used, tokens} end
        if rpm > 0 then
          redis.call('ZADD', KEYS[1], now, id)
          redis.call('PEXPIRE', KEYS[1], 61000)
        end
        if conc > 0 then
          redis.call('ZADD', KEYS[2], now + leaseMs, id)
          redis.call('PEXPIRE', KEYS[2], leaseMs + 1000)
        end
        if tpm > 0 then
          redis.call('INCRBY', KEYS[3], reserve)
          redis.call('PEXPIRE', KEYS[3], 125000)
        end
        if quota > 0 then
          redis.call('ZADD', KEYS[6], now + leaseMs, id .. ':' .. reserve)
          redis.call('PEXPIRE', KEYS[6], leaseMs + 1000)
          redis.call('INCRBY', KEYS[7], reserve)
          redis.call('PEXPIRE', KEYS[7], leaseMs + 1000)
        end
        return {1, 0, reqReset, used + 1, tokens + reserve}
        """;

    private const string ReleaseScript = """
        redis.call('ZREM', KEYS[1], ARGV[1])
        local diff = tonumber(ARGV[3]) - tonumber(ARGV[2])
        if diff ~= 0 and redis.call('EXISTS', KEYS[2]) == 1 then redis.call('INCRBY', KEYS[2], diff) end
        if redis.call('ZREM', KEYS[3], ARGV[1] .. ':' .. ARGV[2]) == 1 then redis.call('DECRBY', KEYS[4], ARGV[2]) end
        return 1
        """;

    // A missing counter is left missing: the ledger, which already holds these tokens, rebuilds it.
    private const string AddUsageScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        redis.call('INCRBY', KEYS[1], ARGV[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return 1
        """;

    public async Task<AdmissionDecision> AdmitAsync(AdmissionRequest request, DateTimeOffset now)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var window = LimitWindows.WindowStart(nowMs);
        var limits = request.Limits;
        RedisKey[] keys =
        [
            LimitKeys.Requests(request.TenantId, request.KeyId),
            LimitKeys.Running(request.TenantId, request.KeyId),
            LimitKeys.Tokens(request.TenantId, window),
            LimitKeys.Tokens(request.TenantId, window - LimitWindows.MinuteMs),
            LimitKeys.Quota(request.TenantId, now),
            LimitKeys.QuotaReservations(request.TenantId),
            LimitKeys.QuotaReserved(request.TenantId),
        ];
        RedisValue[] args =
        [
            nowMs, limits.RequestsPerMinute, limits.ConcurrentRequests, limits.TokensPerMinute, limits.MonthlyTokenQuota,
            request.ReservedTokens, request.RequestId, (long)LimitWindows.ConcurrencyLease.TotalMilliseconds, window,
        ];
        var result = (RedisResult[])(await CallAsync(database => database.ScriptEvaluateAsync(AdmitScript, keys, args)))!;
        var allowed = (int)result[0] == 1;
        var exceeded = (int)result[1] switch
        {
            1 => LimitKind.Requests,
            2 => LimitKind.Tokens,
            3 => LimitKind.Concurrency,
            4 => LimitKind.MonthlyQuota,
            _ => (LimitKind?)null,
        };
        var wait = TimeSpan.FromMilliseconds(Math.Max(0, (long)result[2]));
        var requestsUsed = (int)result[3];
        var tokensUsed = (long)result[4];
        return new AdmissionDecision(
            allowed,
            exceeded,
            exceeded == LimitKind.MonthlyQuota ? LimitWindows.UntilNextMonth(now) : wait,
            limits.RequestsPerMinute == 0 ? int.MaxValue : Math.Max(0, limits.RequestsPerMinute - requestsUsed),
            exceeded == LimitKind.Requests || allowed ? wait : TimeSpan.Zero,
            limits.TokensPerMinute == 0 ? int.MaxValue : (int)Math.Max(0, limits.TokensPerMinute - tokensUsed),
            TimeSpan.FromMilliseconds(LimitWindows.MinuteMs - (nowMs - window)),
            window,
            MonthlySpendUnknown: (int)result[0] == 5);
    }

    public Task ReleaseAsync(AdmissionRequest request, long tokenWindow, int actualTokens) =>
        CallAsync(database => database.ScriptEvaluateAsync(ReleaseScript,
            [
                LimitKeys.Running(request.TenantId, request.KeyId), LimitKeys.Tokens(request.TenantId, tokenWindow),
                LimitKeys.QuotaReservations(request.TenantId), LimitKeys.QuotaReserved(request.TenantId),
            ],
            [request.RequestId, request.ReservedTokens, actualTokens]));

    public Task AddMonthlyUsageAsync(string tenantId, DateTimeOffset at, long tokens) =>
        CallAsync(database => database.ScriptEvaluateAsync(AddUsageScript,
            [LimitKeys.Quota(tenantId, at)], [tokens, (long)MonthCounterLife.TotalMilliseconds]));

    public Task<bool> SeedMonthlyUsageAsync(string tenantId, DateTimeOffset at, long spent) =>
        CallAsync(database => database.StringSetAsync(LimitKeys.Quota(tenantId, at), spent, MonthCounterLife, When.NotExists));

    public Task ForgetMonthlyUsageAsync(string tenantId, DateTimeOffset at) =>
        CallAsync(database => database.KeyDeleteAsync(LimitKeys.Quota(tenantId, at)));

    /// <summary>Only connection trouble means "unavailable"; a script error stays an error.</summary>
    private async Task<T> CallAsync<T>(Func<IDatabase, Task<T>> call)
    {
        var redis = await connection.ConnectedAsync(FirstConnectWait)
            ?? throw new LimitStoreUnavailableException("Redis is not connected.");
        try
        {
            return await call(redis.GetDatabase());
        }
        catch (Exception exception) when (exception is RedisConnectionException or RedisTimeoutException)
        {
            throw new LimitStoreUnavailableException("Redis did not answer.", exception);
        }
    }
}
