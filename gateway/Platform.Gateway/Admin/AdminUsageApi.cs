using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Platform.Gateway.Data;
using Platform.Gateway.Http;

namespace Platform.Gateway.Admin;

/// <summary><c>/admin/v1/usage</c> aggregates (by day, model or key) and <c>/admin/v1/audit</c>.</summary>
internal static class AdminUsageApi
{
    public static RouteGroupBuilder MapAdminUsageApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/usage", GetUsageAsync);
        admin.MapGet("/usage/series", GetSeriesAsync);
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

        // PostgreSQL's timestamptz takes UTC values only.
        var end = (to ?? time.GetUtcNow()).ToUniversalTime();
        var start = (from ?? end.AddDays(-30)).ToUniversalTime();
        var query = store.UsageRecords.AsNoTracking().Where(u => u.CompletedAt >= start && u.CompletedAt < end);
        if (tenantId is not null)
        {
            query = query.Where(u => u.TenantId == tenantId);
        }

        List<UsageRow> rows;
        if (groupBy == "day")
        {
            // Days are cut in UTC after the database has filtered; providers disagree on date functions.
            var records = await query.Select(u => new { u.CompletedAt, u.PromptTokens, u.CompletionTokens }).ToListAsync(cancellationToken);
            rows = records.GroupBy(u => u.CompletedAt.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
                .Select(g => new UsageRow(g.Key, g.Count(), g.Sum(u => (long)u.PromptTokens), g.Sum(u => (long)u.CompletionTokens)))
                .ToList();
        }
        else
        {
            var grouped = groupBy == "model" ? query.GroupBy(u => u.Model) : query.GroupBy(u => u.ApiKeyId ?? "");
            rows = await grouped
                .Select(g => new UsageRow(g.Key, g.Count(), g.Sum(u => (long)u.PromptTokens), g.Sum(u => (long)u.CompletionTokens)))
                .ToListAsync(cancellationToken);
        }

        return Results.Json(new
        {
            from = start,
            to = end,
            groupBy,
            data = rows.OrderBy(row => row.Key, StringComparer.Ordinal),
        });
    }

    /// <summary>
    /// <c>/usage/series?by=model|tenant|key</c>: one row per UTC day and group, for charts of usage over time (the
    /// plain report gives one dimension at a time).
    /// </summary>
    private static async Task<IResult> GetSeriesAsync(
        GatewayDbContext store, TimeProvider time, string? tenantId, DateTimeOffset? from, DateTimeOffset? to, string? by,
        CancellationToken cancellationToken)
    {
        by ??= "model";
        if (by is not ("model" or "tenant" or "key"))
        {
            return GatewayProblems.InvalidRequest(new Dictionary<string, string[]> { ["by"] = ["Must be model, tenant or key."] });
        }

        var end = (to ?? time.GetUtcNow()).ToUniversalTime();
        var start = (from ?? end.AddDays(-30)).ToUniversalTime();
        var query = store.UsageRecords.AsNoTracking().Where(u => u.CompletedAt >= start && u.CompletedAt < end);
        if (tenantId is not null)
        {
            query = query.Where(u => u.TenantId == tenantId);
        }

        var records = await query.Select(u => new { u.CompletedAt, u.Model, u.TenantId, u.ApiKeyId, u.PromptTokens, u.CompletionTokens })
            .ToListAsync(cancellationToken);
        var data = records
            .GroupBy(u => (Day: u.CompletedAt.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                Group: by switch { "model" => u.Model, "tenant" => u.TenantId, _ => u.ApiKeyId ?? "" }))
            .Select(g => new SeriesRow(g.Key.Day, g.Key.Group, g.Count(), g.Sum(u => (long)u.PromptTokens), g.Sum(u => (long)u.CompletionTokens)))
            .OrderBy(row => row.Day, StringComparer.Ordinal).ThenBy(row => row.Group, StringComparer.Ordinal);
        return Results.Json(new { from = start, to = end, by, data });
    }

    private sealed record SeriesRow(
        [property: System.Text.Json.Serialization.JsonPropertyName("day")] string Day,
        [property: System.Text.Json.Serialization.JsonPropertyName("group")] string Group,
        [property: System.Text.Json.Serialization.JsonPropertyName("requests")] int Requests,
        [property: System.Text.Json.Serialization.JsonPropertyName("promptTokens")] long PromptTokens,
        [property: System.Text.Json.Serialization.JsonPropertyName("completionTokens")] long CompletionTokens);

    private sealed record UsageRow(
        [property: System.Text.Json.Serialization.JsonPropertyName("key")] string Key,
        [property: System.Text.Json.Serialization.JsonPropertyName("requests")] int Requests,
        [property: System.Text.Json.Serialization.JsonPropertyName("promptTokens")] long PromptTokens,
        [property: System.Text.Json.Serialization.JsonPropertyName("completionTokens")] long CompletionTokens);
}
