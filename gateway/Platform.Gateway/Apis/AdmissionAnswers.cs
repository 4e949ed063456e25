using System.Globalization;
using Microsoft.AspNetCore.Http;
using Platform.Gateway.Http;
using Platform.Gateway.Limits;

namespace Platform.Gateway.Apis;

/// <summary>
/// Turns <see cref="GenerationAdmission"/>'s outcome into HTTP: OpenAI-style <c>x-ratelimit-*</c> headers on every
/// answer, and for a refusal its problem+json with <c>Retry-After</c> where waiting helps.
/// </summary>
internal static class AdmissionAnswers
{
    public static void WriteRateLimitHeaders(HttpResponse response, AdmissionOutcome outcome)
    {
        if (outcome is not { Plan: { } plan, Counters: { } counters })
        {
            return;
        }

        if (plan.RequestsPerMinute > 0)
        {
            response.Headers["x-ratelimit-limit-requests"] = plan.RequestsPerMinute.ToString(CultureInfo.InvariantCulture);
            response.Headers["x-ratelimit-remaining-requests"] = counters.RequestsRemaining.ToString(CultureInfo.InvariantCulture);
            response.Headers["x-ratelimit-reset-requests"] = $"{Math.Ceiling(counters.RequestsReset.TotalSeconds)}s";
        }

        if (plan.TokensPerMinute > 0)
        {
            response.Headers["x-ratelimit-limit-tokens"] = plan.TokensPerMinute.ToString(CultureInfo.InvariantCulture);
            response.Headers["x-ratelimit-remaining-tokens"] = counters.TokensRemaining.ToString(CultureInfo.InvariantCulture);
            response.Headers["x-ratelimit-reset-tokens"] = $"{Math.Ceiling(counters.TokensReset.TotalSeconds)}s";
        }
    }

    public static IResult Problem(HttpResponse response, AdmissionRefusal refusal)
    {
        if (refusal.RetryAfter is { } wait)
        {
            response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        var plan = refusal.Plan;
        return refusal.Reason switch
        {
            AdmissionRefusalReason.ScopeMissing => GatewayProblems.Create(StatusCodes.Status403Forbidden, "Scope missing",
                $"This API key lacks the '{refusal.Scope}' scope.", "insufficient_scope"),
            AdmissionRefusalReason.TenantNotFound => GatewayProblems.Create(StatusCodes.Status403Forbidden, "Tenant not found",
                "The API key's tenant no longer exists.", "tenant_not_found"),
            AdmissionRefusalReason.ModelNotInPlan => GatewayProblems.Create(StatusCodes.Status403Forbidden, "Model not in plan",
                $"The plan '{plan?.PlanId}' does not include the model '{refusal.Model}'.", "model_not_allowed"),
            AdmissionRefusalReason.ModelOverloaded => GatewayProblems.Create(StatusCodes.Status503ServiceUnavailable, "Model overloaded",
                $"The model '{refusal.Model}' has more waiting requests than it can serve soon; retry later.", "model_overloaded"),
            AdmissionRefusalReason.RequestRateExceeded => GatewayProblems.Create(StatusCodes.Status429TooManyRequests, "Rate limit reached",
                $"This key may make {plan?.RequestsPerMinute} requests per minute.", "rate_limit_exceeded"),
            AdmissionRefusalReason.TokenRateExceeded => GatewayProblems.Create(StatusCodes.Status429TooManyRequests, "Token rate limit reached",
                $"This tenant may use {plan?.TokensPerMinute} tokens per minute.", "rate_limit_exceeded"),
            AdmissionRefusalReason.ConcurrencyExceeded => GatewayProblems.Create(StatusCodes.Status429TooManyRequests, "Too many concurrent requests",
                $"This key may run {plan?.ConcurrentRequests} requests at once.", "concurrency_limit_exceeded"),
            AdmissionRefusalReason.LimitsUnavailable => GatewayProblems.Create(StatusCodes.Status503ServiceUnavailable, "Limits unavailable",
                $"The counters behind the plan '{plan?.PlanId}' cannot be reached, and it does not admit requests uncounted; retry shortly.",
                "limits_unavailable"),
            _ => GatewayProblems.Create(StatusCodes.Status429TooManyRequests, "Monthly quota exhausted",
                $"This tenant has used its {plan?.MonthlyTokenQuota} tokens for the month.", "insufficient_quota"),
        };
    }
}
