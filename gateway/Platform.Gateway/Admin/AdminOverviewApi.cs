using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Contracts.Generation;
using Platform.Gateway.Data;
using Platform.Gateway.Limits;

namespace Platform.Gateway.Admin;

/// <summary>
/// <c>/admin/v1/overview</c> and <c>/admin/v1/fleet</c>: the platform's recent traffic from the usage ledger (the last
/// <c>minutes</c>, 5 by default) and, per served model, what is waiting for a worker at this gateway replica.
/// The overview's <c>edge</c> counts every public API request, refused ones (401, 403, 429) included.
/// Engine-side numbers (running, KV cache, time to first token) are the workers' own metrics, not the gateway's.
/// </summary>
internal static class AdminOverviewApi
{
    /// <summary>Latencies read for the percentiles at most; a busier window is sampled by its newest records.</summary>
    private const int MaxLatencySamples = 20_000;

    public static RouteGroupBuilder MapAdminOverviewApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/overview", async (GatewayDbContext store, TimeProvider time, EdgeRefusals refusals, int? minutes, CancellationToken ct) =>
        {
            var window = Window(minutes);
            var since = time.GetUtcNow() - window;
            var totals = await Traffic(store.UsageRecords.AsNoTracking().Where(u => u.CompletedAt >= since), window, ct);
            return Results.Json(new
            {
                windowMinutes = window.TotalMinutes,
                totals,
                edge = await refusals.ReadAsync(since, ct),
                tenants = await store.Tenants.CountAsync(ct),
                activeKeys = await store.ApiKeys.CountAsync(k => k.RevokedAt == null, ct),
            });
        });
        admin.MapGet("/fleet", async (GatewayDbContext store, TimeProvider time, ModelBacklog backlog, IOptions<GatewayOptions> options,
            int? minutes, CancellationToken ct) =>
        {
            var window = Window(minutes);
            var since = time.GetUtcNow() - window;
            var models = new List<object>();
            foreach (var model in options.Value.ServedModels().Order(StringComparer.Ordinal))
            {
                var traffic = await Traffic(store.UsageRecords.AsNoTracking().Where(u => u.CompletedAt >= since && u.Model == model), window, ct);
                models.Add(new { model, waitingAtGateway = backlog.Depth(model), traffic });
            }

            return Results.Json(new { windowMinutes = window.TotalMinutes, models });
        });
        return admin;
    }

    private static TimeSpan Window(int? minutes) => TimeSpan.FromMinutes(Math.Clamp(minutes ?? 5, 1, 24 * 60));

    private static async Task<TrafficSummary> Traffic(IQueryable<UsageRecord> records, TimeSpan window, CancellationToken ct)
    {
        var rows = await records.OrderByDescending(u => u.CompletedAt).Take(MaxLatencySamples)
            .Select(u => new { u.PromptTokens, u.CompletionTokens, u.LatencyMs, u.Outcome }).ToListAsync(ct);
        var latencies = rows.Select(r => r.LatencyMs).Order().ToArray();
        var perMinute = window.TotalMinutes;
        return new TrafficSummary(
            rows.Count,
            Math.Round(rows.Count / perMinute, 2),
            Math.Round(rows.Sum(r => (long)r.PromptTokens + r.CompletionTokens) / perMinute, 1),
            rows.Count == 0 ? 0 : Math.Round(rows.Count(r => IsError(r.Outcome)) / (double)rows.Count, 4),
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.95));
    }

    /// <summary>Outcomes that are the platform's failure (a worker fault, a deadline missed), not a generation's normal end.</summary>
    private static bool IsError(string outcome) =>
        outcome is GenerationRejectionCodes.WorkerFailure or GenerationRejectionCodes.DeadlineExceeded or GenerationRejectionCodes.UnknownModel;

    private static double? Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? null : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)], 1);

    private sealed record TrafficSummary(
        [property: System.Text.Json.Serialization.JsonPropertyName("requests")] int Requests,
        [property: System.Text.Json.Serialization.JsonPropertyName("requestsPerMinute")] double RequestsPerMinute,
        [property: System.Text.Json.Serialization.JsonPropertyName("tokensPerMinute")] double TokensPerMinute,
        [property: System.Text.Json.Serialization.JsonPropertyName("errorRate")] double ErrorRate,
        [property: System.Text.Json.Serialization.JsonPropertyName("latencyP50Ms")] double? LatencyP50Ms,
        [property: System.Text.Json.Serialization.JsonPropertyName("latencyP95Ms")] double? LatencyP95Ms);
}
