using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Platform.Gateway.Apis;
using Platform.Gateway.Data;

namespace Platform.Gateway.Admin;

/// <summary><c>/admin/v1/usage</c> aggregates (by day, model or key) and <c>/admin/v1/audit</c>.</summary>
internal static class AdminUsageApi
{
    public static RouteGroupBuilder MapAdminUsageApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/usage", GetUsageAsync);
        admin.MapGet("/audit", async (GatewayDbContext store, int? limit, CancellationToken ct) =>
            Results.Json(await store.AuditLog.AsNoTracking().OrderByDescending(a => a.Id)
                .Take(Math.Clamp(limit ?? 100, 1, 1000)).ToListAsync(ct)));
        return admin;
    }

    private static async Task<IResult> GetUsageAsync(
        GatewayDbContext store, TimeProvider time, string? tenantId, DateTimeOffset? from, DateTimeOffset? to, string? groupBy,
        CancellationToken cancellationToken)
    {
        groupBy ??= "day";
        if (groupBy is not ("day" or "model" or "key"))
        {
            return GatewayProblems.InvalidRequest(new Dictionary<string, string[]> { ["groupBy"] = ["Must be day, model or key."] });
        }

        var end = to ?? time.GetUtcNow();
        var start = from ?? end.AddDays(-30);
        var query = store.UsageRecords.AsNoTracking();
        if (tenantId is not null)
        {
            query = query.Where(u => u.TenantId == tenantId);
        }

        // Aggregated in memory after filtering: SQLite cannot group on date parts of DateTimeOffset columns.
        var rows = (await query.Select(u => new { u.TenantId, u.ApiKeyId, u.Model, u.PromptTokens, u.CompletionTokens, u.CompletedAt })
                .ToListAsync(cancellationToken))
            .Where(u => u.CompletedAt >= start && u.CompletedAt < end);
        var groups = rows.GroupBy(u => groupBy switch
        {
            "model" => u.Model,
            "key" => u.ApiKeyId ?? "",
            _ => u.CompletedAt.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });
        return Results.Json(new
        {
            from = start,
            to = end,
            groupBy,
            data = groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new
            {
                key = g.Key,
                requests = g.Count(),
                promptTokens = g.Sum(u => (long)u.PromptTokens),
                completionTokens = g.Sum(u => (long)u.CompletionTokens),
            }),
        });
    }
}
