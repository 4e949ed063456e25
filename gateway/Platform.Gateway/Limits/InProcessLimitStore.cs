namespace Platform.Gateway.Limits;

/// <summary>
/// The same limits as <see cref="RedisLimitStore"/>, for a single process (the embedded topology): one lock, the
/// same sliding log, leases, windows, month counters and quota reservations.
/// </summary>
internal sealed class InProcessLimitStore : ILimitStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<long>> _requests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, long>> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Tenant, long Window), long> _tokens = [];
    private readonly Dictionary<(string Tenant, string Month), long> _quota = [];
    private readonly Dictionary<string, Dictionary<string, (long Tokens, long ExpiresMs)>> _reservations = new(StringComparer.Ordinal);

    public Task<AdmissionDecision> AdmitAsync(AdmissionRequest request, DateTimeOffset now)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var window = LimitWindows.WindowStart(nowMs);
        var limits = request.Limits;
        lock (_gate)
        {
            var log = Get(_requests, request.KeyId);
            while (log.Count > 0 && log.Peek() <= nowMs - LimitWindows.MinuteMs)
            {
                log.Dequeue();
            }

            var requestsReset = TimeSpan.FromMilliseconds(log.Count > 0 ? log.Peek() + LimitWindows.MinuteMs - nowMs : LimitWindows.MinuteMs);
            var tokensReset = TimeSpan.FromMilliseconds(LimitWindows.MinuteMs - (nowMs - window));
            var leases = Get(_running, request.KeyId);
            foreach (var expired in leases.Where(lease => lease.Value <= nowMs).Select(lease => lease.Key).ToList())
            {
                leases.Remove(expired);
            }

            var previous = _tokens.GetValueOrDefault((request.TenantId, window - LimitWindows.MinuteMs));
            var tokens = _tokens.GetValueOrDefault((request.TenantId, window))
                + previous * (LimitWindows.MinuteMs - (nowMs - window)) / LimitWindows.MinuteMs;
            long spent = 0, reserved = 0;
            var reservations = Get(_reservations, request.TenantId);
            if (limits.MonthlyTokenQuota > 0)
            {
                if (!_quota.TryGetValue((request.TenantId, LimitWindows.Month(now)), out spent))
                {
                    return Task.FromResult(new AdmissionDecision(false, null, TimeSpan.Zero, 0, TimeSpan.Zero, 0, TimeSpan.Zero, window,
                        MonthlySpendUnknown: true));
                }

                foreach (var expired in reservations.Where(held => held.Value.ExpiresMs <= nowMs).Select(held => held.Key).ToList())
                {
                    reservations.Remove(expired);
                }

                reserved = reservations.Values.Sum(held => held.Tokens);
            }

            LimitKind? exceeded =
                limits.RequestsPerMinute > 0 && log.Count >= limits.RequestsPerMinute ? LimitKind.Requests
                : limits.ConcurrentRequests > 0 && leases.Count >= limits.ConcurrentRequests ? LimitKind.Concurrency
                : limits.TokensPerMinute > 0 && tokens + request.ReservedTokens > limits.TokensPerMinute ? LimitKind.Tokens
                : limits.MonthlyTokenQuota > 0 && spent + reserved >= limits.MonthlyTokenQuota ? LimitKind.MonthlyQuota
                : null;
            if (exceeded is null)
            {
                // As in Redis, only what is limited is counted.
                if (limits.RequestsPerMinute > 0)
                {
                    log.Enqueue(nowMs);
                }

                if (limits.ConcurrentRequests > 0)
                {
                    leases[request.RequestId] = nowMs + (long)LimitWindows.ConcurrencyLease.TotalMilliseconds;
                }

                if (limits.TokensPerMinute > 0)
                {
                    _tokens[(request.TenantId, window)] = _tokens.GetValueOrDefault((request.TenantId, window)) + request.ReservedTokens;
                    tokens += request.ReservedTokens;
                }

                if (limits.MonthlyTokenQuota > 0)
                {
                    reservations[request.RequestId] = (request.ReservedTokens, nowMs + (long)LimitWindows.ConcurrencyLease.TotalMilliseconds);
                }

                _tokens.Remove((request.TenantId, window - 2 * LimitWindows.MinuteMs));
            }

            var retryAfter = exceeded switch
            {
                LimitKind.Requests => requestsReset,
                LimitKind.Concurrency => TimeSpan.FromSeconds(1),
                LimitKind.Tokens => tokensReset,
                LimitKind.MonthlyQuota => LimitWindows.UntilNextMonth(now),
                _ => TimeSpan.Zero,
            };
            return Task.FromResult(new AdmissionDecision(
                exceeded is null, exceeded, retryAfter,
                limits.RequestsPerMinute == 0 ? int.MaxValue : Math.Max(0, limits.RequestsPerMinute - log.Count),
                requestsReset,
                limits.TokensPerMinute == 0 ? int.MaxValue : (int)Math.Max(0, limits.TokensPerMinute - tokens),
                tokensReset,
                window));
        }
    }

    public Task ReleaseAsync(AdmissionRequest request, long tokenWindow, int actualTokens)
    {
        lock (_gate)
        {
            Get(_running, request.KeyId).Remove(request.RequestId);
            Get(_reservations, request.TenantId).Remove(request.RequestId);
            if (_tokens.TryGetValue((request.TenantId, tokenWindow), out var reserved))
            {
                _tokens[(request.TenantId, tokenWindow)] = reserved + actualTokens - request.ReservedTokens;
            }
        }

        return Task.CompletedTask;
    }

    public Task AddMonthlyUsageAsync(string tenantId, DateTimeOffset at, long tokens)
    {
        lock (_gate)
        {
            var key = (tenantId, LimitWindows.Month(at));
            if (_quota.TryGetValue(key, out var spent))
            {
                _quota[key] = spent + tokens;
            }
        }

        return Task.CompletedTask;
    }

    public Task<bool> SeedMonthlyUsageAsync(string tenantId, DateTimeOffset at, long spent)
    {
        lock (_gate)
        {
            return Task.FromResult(_quota.TryAdd((tenantId, LimitWindows.Month(at)), spent));
        }
    }

    public Task ForgetMonthlyUsageAsync(string tenantId, DateTimeOffset at)
    {
        lock (_gate)
        {
            _quota.Remove((tenantId, LimitWindows.Month(at)));
        }

        return Task.CompletedTask;
    }

    private static T Get<T>(Dictionary<string, T> map, string key) where T : new()
    {
        if (!map.TryGetValue(key, out var value))
        {
            value = new T();
            map[key] = value;
        }

        return value;
    }
}
