using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Keys;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Data;
using Platform.Gateway.Http;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Gateway.Admin;

/// <summary><c>/admin/v1/tenants/{id}/keys</c>: issue (the secret is shown once), list (prefixes only), revoke.</summary>
internal static class AdminKeysApi
{
    public static RouteGroupBuilder MapAdminKeysApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/tenants/{tenantId}/keys", async (string tenantId, GatewayDbContext store, CancellationToken ct) =>
            Results.Json(await store.ApiKeys.AsNoTracking().Where(k => k.TenantId == tenantId).OrderBy(k => k.CreatedAt)
                .Select(k => new { k.Id, k.Name, k.Prefix, k.Scopes, k.CreatedAt, k.ExpiresAt, k.LastUsedAt, k.RevokedAt })
                .ToListAsync(ct)));
        admin.MapPost("/tenants/{tenantId}/keys", IssueAsync);
        admin.MapDelete("/tenants/{tenantId}/keys/{keyId}", RevokeAsync);
        return admin;
    }

    private static async Task<IResult> IssueAsync(
        string tenantId, HttpContext context, GatewayDbContext store, ApiKeyIssuer issuer, TimeProvider time)
    {
        var body = await AdminBody.ReadAsync(context);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        using var document = body.Document!;
        var fields = new JsonFieldReader(document.RootElement);
        var name = fields.String("name") ?? "key";
        var scopes = fields.StringOrStrings("scopes", 10);
        var expiresAt = fields.String("expires_at") is { } text
            ? DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed) ? parsed.ToUniversalTime() : Fail(fields)
            : (DateTimeOffset?)null;
        if (scopes is { Count: 0 })
        {
            fields.Fail("scopes", $"A key needs at least one scope; leave the field out for all of them ({string.Join(", ", ApiKeyScopes.All)}).");
        }
        else if (scopes?.Except(ApiKeyScopes.All).ToList() is { Count: > 0 } unknown)
        {
            fields.Fail("scopes", $"Unknown scope(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", ApiKeyScopes.All)}.");
        }

        if (expiresAt <= time.GetUtcNow())
        {
            fields.Fail("expires_at", "Must be in the future.");
        }

        if (fields.Errors.Count > 0)
        {
            return GatewayProblems.InvalidRequest(fields.Errors);
        }

        if (!await store.Tenants.AnyAsync(t => t.Id == tenantId, context.RequestAborted))
        {
            return AdminTenantsApi.NotFound("tenant", tenantId);
        }

        var issued = await issuer.IssueAsync(store, tenantId, name, scopes, expiresAt, context.RequestAborted);
        AdminAudit.Record(store, context.User, time, "key.issue", $"key:{issued.Record.Id}", $"tenant={tenantId} prefix={issued.Record.Prefix}");
        await store.SaveChangesAsync(context.RequestAborted);
        var key = issued.Record;
        return Results.Created($"/admin/v1/tenants/{tenantId}/keys/{key.Id}",
            new { key.Id, key.Name, key.Prefix, key.Scopes, key.CreatedAt, key.ExpiresAt, key = issued.Secret });
    }

    private static async Task<IResult> RevokeAsync(
        string tenantId, string keyId, HttpContext context, GatewayDbContext store, ApiKeyValidator validator,
        IConfirmedPublisher bus, TimeProvider time)
    {
        var key = await store.ApiKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.TenantId == tenantId, context.RequestAborted);
        if (key is null)
        {
            return AdminTenantsApi.NotFound("key", keyId);
        }

        if (key.RevokedAt is null)
        {
            key.RevokedAt = time.GetUtcNow();
            AdminAudit.Record(store, context.User, time, "key.revoke", $"key:{key.Id}", $"tenant={tenantId} prefix={key.Prefix}");
            await store.SaveChangesAsync(context.RequestAborted);
        }

        validator.Revoke(key.Prefix);
        await bus.PublishAsync(new ApiKeyRevoked(key.Id, tenantId, key.Prefix, key.RevokedAt.Value), context.RequestAborted);
        return Results.NoContent();
    }

    private static DateTimeOffset? Fail(JsonFieldReader fields)
    {
        fields.Fail("expires_at", "Must be an ISO 8601 date and time.");
        return null;
    }
}
