using System.Globalization;
using Microsoft.AspNetCore.Http;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Apis;

namespace Platform.Gateway.Limits;

/// <summary>
/// The gate every generating request passes before it reaches the bus: key scope, the plan's models, the model's
/// backlog, then the rate limits and quota. Answers with OpenAI-style <c>x-ratelimit-*</c> headers either way.
/// </summary>
internal sealed class GenerationAdmission(PlanCache plans, ILimitStore limits, ModelBacklog backlog, TimeProvider time)
{
    /// <summary>A rough token count for reservations before the prompt is tokenised; corrected on completion.</summary>
    public static int EstimateTokens(int promptCharacters, int maxTokens) => promptCharacters / 3 + 1 + maxTokens;

    public async Task<(AdmissionLease? Lease, IResult? Problem)> AdmitAsync(
        HttpContext context, CallerIdentity caller, string scope, string model, int reservedTokens)
    {
        if (!caller.HasScope(scope))
        {
            return (null, GatewayProblems.Create(StatusCodes.Status403Forbidden, "Scope missing",
                $"This API key lacks the '{scope}' scope.", "insufficient_scope"));
        }

        var plan = await plans.GetAsync(caller.TenantId, context.RequestAborted);
        if (plan is null)
        {
            return (null, GatewayProblems.Create(StatusCodes.Status403Forbidden, "Tenant not found",
                "The API key's tenant no longer exists.", "tenant_not_found"));
        }

        if (!plan.AllowsModel(model))
        {
            return (null, GatewayProblems.Create(StatusCodes.Status403Forbidden, "Model not in plan",
                $"The plan '{plan.PlanId}' does not include the model '{model}'.", "model_not_allowed"));
        }

        if (backlog.RetryAfter(model) is { } backoff)
        {
            context.Response.Headers.RetryAfter = Seconds(backoff);
            return (null, GatewayProblems.Create(StatusCodes.Status503ServiceUnavailable, "Model overloaded",
                $"The model '{model}' has more waiting requests than it can serve soon; retry later.", "model_overloaded"));
        }

        var request = new AdmissionRequest(caller.TenantId, caller.ApiKeyId, Guid.NewGuid().ToString("N"), reservedTokens, plan);
        if (plan.IsUnlimited)
        {
            return (new AdmissionLease(limits, request, 0), null); // no round trip to counters that would count nothing
        }

        var decision = await limits.AdmitAsync(request, time.GetUtcNow());
        WriteHeaders(context.Response, plan, decision);
        if (!decision.Allowed)
        {
            context.Response.Headers.RetryAfter = Seconds(decision.RetryAfter);
            return (null, LimitProblem(decision.Exceeded!.Value, plan));
        }

        return (new AdmissionLease(limits, request, decision.TokenWindow), null);
    }

    private static void WriteHeaders(HttpResponse response, PlanLimits plan, AdmissionDecision decision)
    {
        if (plan.RequestsPerMinute > 0)
        {
            response.Headers["x-ratelimit-limit-requests"] = plan.RequestsPerMinute.ToString(CultureInfo.InvariantCulture);
            response.Headers["x-ratelimit-remaining-requests"] = decision.RequestsRemaining.ToString(CultureInfo.InvariantCulture);
            response.Headers["x-ratelimit-reset-requests"] = $"{Math.Ceiling(decision.RequestsReset.TotalSeconds)}s";
        }

        if (plan.TokensPerMinute > 0)
        {
            response.Headers["x-ratelimit-limit-tokens"] = plan.TokensPerMinute.ToString(CultureInfo.InvariantCulture);
            response.Headers["x-ratelimit-remaining-tokens"] = decision.TokensRemaining.ToString(CultureInfo.InvariantCulture);
            response.Headers["x-ratelimit-reset-tokens"] = $"{Math.Ceiling(decision.TokensReset.TotalSeconds)}s";
        }
    }

    private static string Seconds(TimeSpan wait) =>
        Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static IResult LimitProblem(LimitKind exceeded, PlanLimits plan) => exceeded switch
    {
        LimitKind.Requests => GatewayProblems.Create(StatusCodes.Status429TooManyRequests, "Rate limit reached",
            $"This key may make {plan.RequestsPerMinute} requests per minute.", "rate_limit_exceeded"),
        LimitKind.Tokens => GatewayProblems.Create(StatusCodes.Status429TooManyRequests, "Token rate limit reached",
            $"This tenant may use {plan.TokensPerMinute} tokens per minute.", "rate_limit_exceeded"),
        LimitKind.Concurrency => GatewayProblems.Create(StatusCodes.Status429TooManyRequests, "Too many concurrent requests",
            $"This key may run {plan.ConcurrentRequests} requests at once.", "concurrency_limit_exceeded"),
        _ => GatewayProblems.Create(StatusCodes.Status429TooManyRequests, "Monthly quota exhausted",
            $"This tenant has used its {plan.MonthlyTokenQuota} tokens for the month.", "insufficient_quota"),
    };
}

/// <summary>An admitted request's hold on its limits; disposing it releases the slot and settles the token count.</summary>
internal sealed class AdmissionLease(ILimitStore limits, AdmissionRequest request, long tokenWindow) : IAsyncDisposable
{
    /// <summary>Tokens actually used, once known; until then the reservation stands.</summary>
    public int? ActualTokens { get; set; }

    public ValueTask DisposeAsync() => request.Limits.HoldsUntilReleased
        ? new(limits.ReleaseAsync(request, tokenWindow, ActualTokens ?? request.ReservedTokens))
        : default; // nothing was held: no round trip
}
