using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Completions;
using Platform.Gateway.Data;
using Platform.Gateway.Http;

namespace Platform.Gateway.Admin;

/// <summary>
/// <c>/admin/v1/acceptance</c>: code-completion acceptance (selects per view) by language and by UTC day, from the
/// editors' completion events, for one tenant or all.
/// </summary>
internal static class AcceptanceReportApi
{
    private const string UnknownLanguage = "unknown";

    public static RouteGroupBuilder MapAcceptanceReportApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/acceptance", GetAsync);
        return admin;
    }

    private static async Task<IResult> GetAsync(
        GatewayDbContext store, TimeProvider time, string? tenantId, DateTimeOffset? from, DateTimeOffset? to,
        CancellationToken cancellationToken)
    {
        var end = (to ?? time.GetUtcNow()).ToUniversalTime();
        var start = (from ?? end.AddDays(-30)).ToUniversalTime();
        if (start > end)
        {
            return GatewayProblems.InvalidRequest(new Dictionary<string, string[]> { ["from"] = ["Must not be after 'to'."] });
        }

        var query = store.CompletionEvents.AsNoTracking().Where(e => e.OccurredAt >= start && e.OccurredAt < end);
        if (tenantId is not null)
        {
            query = query.Where(e => e.TenantId == tenantId);
        }

        // Grouped by language and kind in the database; days are cut in UTC here, as the usage report does.
        var byLanguage = await query.GroupBy(e => new { e.Language, e.Kind })
            .Select(g => new { g.Key.Language, g.Key.Kind, Count = g.Count() }).ToListAsync(cancellationToken);
        var events = await query.Select(e => new { e.OccurredAt, e.Kind }).ToListAsync(cancellationToken);
        var byDay = events.GroupBy(e => e.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            .Select(g => Row(g.Key, g.Select(e => e.Kind)))
            .OrderBy(row => row.Key, StringComparer.Ordinal);
        var languages = byLanguage.GroupBy(row => row.Language ?? UnknownLanguage)
            .Select(g => Row(g.Key, g.SelectMany(row => Enumerable.Repeat(row.Kind, row.Count))))
            .OrderByDescending(row => row.Views).ThenBy(row => row.Key, StringComparer.Ordinal);
        return Results.Json(new { from = start, to = end, byLanguage = languages, byDay });
    }

    private static AcceptanceRow Row(string key, IEnumerable<string> kinds)
    {
        int views = 0, selects = 0, dismisses = 0;
        foreach (var kind in kinds)
        {
            switch (kind)
            {
                case CodeCompletionEventKinds.View: views++; break;
                case CodeCompletionEventKinds.Select: selects++; break;
                case CodeCompletionEventKinds.Dismiss: dismisses++; break;
            }
        }

        return new AcceptanceRow(key, views, selects, dismisses, views == 0 ? null : Math.Round((double)selects / views, 4));
    }

    private sealed record AcceptanceRow(
        [property: System.Text.Json.Serialization.JsonPropertyName("key")] string Key,
        [property: System.Text.Json.Serialization.JsonPropertyName("views")] int Views,
        [property: System.Text.Json.Serialization.JsonPropertyName("selects")] int Selects,
        [property: System.Text.Json.Serialization.JsonPropertyName("dismisses")] int Dismisses,
        [property: System.Text.Json.Serialization.JsonPropertyName("rate")] double? Rate);
}
