using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Platform.Gateway.Data;
using Platform.Gateway.Http;
using Platform.Gateway.Limits;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Gateway.Admin;

/// <summary><c>/admin/v1/plans</c> and <c>/admin/v1/tenants</c>.</summary>
internal static class AdminTenantsApi
{
    public static RouteGroupBuilder MapAdminTenantsApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/plans", async (GatewayDbContext store, CancellationToken ct) =>
            Results.Json(await store.Plans.AsNoTracking().OrderBy(p => p.Id).ToListAsync(ct)));
        admin.MapPut("/plans/{id}", PutPlanAsync);
        admin.MapGet("/tenants", async (GatewayDbContext store, string? search, CancellationToken ct) =>
        {
            var tenants = store.Tenants.AsNoTracking();
            if (!string.IsNullOrWhiteSpace(search))
            {
                tenants = tenants.Where(t => t.Id.Contains(search) || t.Name.Contains(search));
            }

            return Results.Json(await tenants.OrderBy(t => t.Id)
                .Select(t => new { t.Id, t.Name, t.PlanId, t.CreatedAt, t.SuspendedAt }).ToListAsync(ct));
        });
        admin.MapGet("/tenants/{id}", async (string id, GatewayDbContext store, CancellationToken ct) =>
            await store.Tenants.AsNoTracking().Where(t => t.Id == id).Select(t => new { t.Id, t.Name, t.PlanId, t.CreatedAt, t.SuspendedAt })
                .FirstOrDefaultAsync(ct) is { } tenant ? Results.Json(tenant) : NotFound("tenant", id));
        admin.MapPut("/tenants/{id}", PutTenantAsync);
        return admin;
    }

    private static async Task<IResult> PutPlanAsync(
        string id, HttpContext context, GatewayDbContext store, PlanCache plans, TimeProvider time)
    {
        var body = await AdminBody.ReadAsync(context);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        using var document = body.Document!;
        var fields = new JsonFieldReader(document.RootElement);
        var name = fields.String("name");
        var rpm = fields.Integer("requests_per_minute_per_key", 0, int.MaxValue);
        var tpm = fields.Integer("tokens_per_minute_per_tenant", 0, int.MaxValue);
        var concurrency = fields.Integer("concurrent_requests_per_key", 0, int.MaxValue);
        var quota = fields.Long("monthly_token_quota");
        var models = fields.StringOrStrings("allowed_models", 1000);
        var boost = fields.Integer("priority_boost", 0, ModelQueues.MaxPriorityBoost);
        var failureMode = fields.String("limit_failure_mode") switch
        {
            null => (LimitFailureMode?)null,
            "open" => LimitFailureMode.Open,
            "closed" => LimitFailureMode.Closed,
            "default" => null,
            _ => Fail<LimitFailureMode>(fields, "limit_failure_mode", "Must be 'open', 'closed' or 'default' (closed with a monthly quota, else open)."),
        };
        if (quota < 0)
        {
            fields.Fail("monthly_token_quota", "Must be 0 (unlimited) or more.");
        }

        if (!AdminBody.ValidId(id))
        {
            fields.Fail("id", "Use 1-64 letters, digits, '-' or '_'.");
        }

        if (fields.Errors.Count > 0)
        {
            return GatewayProblems.InvalidRequest(fields.Errors);
        }

        var plan = await store.Plans.FirstOrDefaultAsync(p => p.Id == id, context.RequestAborted);
        var created = plan is null;
        plan ??= store.Plans.Add(new Plan { Id = id, Name = name ?? id, CreatedAt = time.GetUtcNow() }).Entity;
        plan.Name = name ?? plan.Name;
        plan.RequestsPerMinutePerKey = rpm ?? plan.RequestsPerMinutePerKey;
        plan.TokensPerMinutePerTenant = tpm ?? plan.TokensPerMinutePerTenant;
        plan.ConcurrentRequestsPerKey = concurrency ?? plan.ConcurrentRequestsPerKey;
        plan.MonthlyTokenQuota = quota ?? plan.MonthlyTokenQuota;
        plan.AllowedModels = models?.ToList() ?? plan.AllowedModels;
        plan.PriorityBoost = boost ?? plan.PriorityBoost;
        if (fields.Has("limit_failure_mode"))
        {
            plan.LimitFailureMode = failureMode;
        }
        AdminAudit.Record(store, context.User, time, created ? "plan.create" : "plan.update", $"plan:{id}",
            JsonSerializer.Serialize(new { plan.RequestsPerMinutePerKey, plan.TokensPerMinutePerTenant, plan.ConcurrentRequestsPerKey, plan.MonthlyTokenQuota, plan.AllowedModels, plan.LimitFailureMode, plan.PriorityBoost }));
        await store.SaveChangesAsync(context.RequestAborted);
        foreach (var tenant in await store.Tenants.Where(t => t.PlanId == id).Select(t => t.Id).ToListAsync(context.RequestAborted))
        {
            plans.Forget(tenant);
        }

        return created ? Results.Created($"/admin/v1/plans/{id}", plan) : Results.Json(plan);
    }

    private static async Task<IResult> PutTenantAsync(
        string id, HttpContext context, GatewayDbContext store, PlanCache plans, TimeProvider time)
    {
        var body = await AdminBody.ReadAsync(context);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        using var document = body.Document!;
        var fields = new JsonFieldReader(document.RootElement);
        var name = fields.String("name");
        var planId = fields.String("plan_id");
        if (!AdminBody.ValidId(id))
        {
            fields.Fail("id", "Use 1-64 letters, digits, '-' or '_'.");
        }

        if (planId is not null && !await store.Plans.AnyAsync(p => p.Id == planId, context.RequestAborted))
        {
            fields.Fail("plan_id", $"No plan '{planId}' exists.");
        }

        if (fields.Errors.Count > 0)
        {
            return GatewayProblems.InvalidRequest(fields.Errors);
        }

        var tenant = await store.Tenants.FirstOrDefaultAsync(t => t.Id == id, context.RequestAborted);
        var created = tenant is null;
        tenant ??= store.Tenants.Add(new Tenant { Id = id, Name = name ?? id, PlanId = planId ?? Plan.DefaultId, CreatedAt = time.GetUtcNow() }).Entity;
        tenant.Name = name ?? tenant.Name;
        tenant.PlanId = planId ?? tenant.PlanId;
        AdminAudit.Record(store, context.User, time, created ? "tenant.create" : "tenant.update", $"tenant:{id}", $"plan={tenant.PlanId}");
        await store.SaveChangesAsync(context.RequestAborted);
        plans.Forget(id);
        var view = AdminTenantStatusApi.View(tenant);
        return created ? Results.Created($"/admin/v1/tenants/{id}", view) : Results.Json(view);
    }

    private static T? Fail<T>(JsonFieldReader fields, string field, string message) where T : struct
    {
        fields.Fail(field, message);
        return null;
    }

    internal static IResult NotFound(string kind, string id) =>
        GatewayProblems.Create(StatusCodes.Status404NotFound, $"Unknown {kind}", $"No {kind} '{id}' exists.", $"{kind}_not_found");
}
