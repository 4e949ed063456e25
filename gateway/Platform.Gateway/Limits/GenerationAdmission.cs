using Platform.Gateway.ApiKeys;

namespace Platform.Gateway.Limits;

/// <summary>
/// The gate every generating request passes before it reaches the bus: key scope, the plan's models, the model's
/// backlog, then the rate limits and quota (the month's counter rebuilt from the ledger first when it is missing).
/// Speaks no HTTP: it returns a lease or a typed refusal.
/// </summary>
internal sealed class GenerationAdmission(PlanCache plans, ILimitStore limits, MonthlySpend spend, ModelBacklog backlog, TimeProvider time)
{
    /// <summary>What a refusal for unreachable counters asks the client to wait: about what Redis takes to come back.</summary>
    public static readonly TimeSpan LimitsUnavailableRetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>A rough token count for reservations before the prompt is tokenised; corrected on completion.</summary>
    public static int EstimateTokens(int promptCharacters, int maxTokens) => promptCharacters / 3 + 1 + maxTokens;

    public async Task<AdmissionOutcome> AdmitAsync(
        CallerIdentity caller, string scope, string model, int reservedTokens, CancellationToken cancellationToken)
    {
        if (!caller.HasScope(scope))
        {
            return AdmissionOutcome.Refused(new AdmissionRefusal(AdmissionRefusalReason.ScopeMissing, scope, model, null));
        }

        var plan = await plans.GetAsync(caller.TenantId, cancellationToken);
        if (plan is null)
        {
            return AdmissionOutcome.Refused(new AdmissionRefusal(AdmissionRefusalReason.TenantNotFound, scope, model, null));
        }

        if (!plan.AllowsModel(model))
        {
            return AdmissionOutcome.Refused(new AdmissionRefusal(AdmissionRefusalReason.ModelNotInPlan, scope, model, plan));
        }

        if (backlog.RetryAfter(model) is { } backoff)
        {
            return AdmissionOutcome.Refused(new AdmissionRefusal(AdmissionRefusalReason.ModelOverloaded, scope, model, plan, backoff));
        }

        var request = new AdmissionRequest(caller.TenantId, caller.ApiKeyId, Guid.NewGuid().ToString("N"), reservedTokens, plan);
        if (plan.IsUnlimited)
        {
            return new AdmissionOutcome(new AdmissionLease(limits, request, 0), null, plan); // no round trip to counters that would count nothing
        }

        AdmissionDecision decision;
        try
        {
            decision = await CountAsync(request);
        }
        catch (LimitStoreUnavailableException) when (plan.FailsOpen)
        {
            return new AdmissionOutcome(new AdmissionLease(limits, request, 0, counted: false), null, plan);
        }
        catch (LimitStoreUnavailableException)
        {
            return AdmissionOutcome.Refused(
                new AdmissionRefusal(AdmissionRefusalReason.LimitsUnavailable, scope, model, plan, LimitsUnavailableRetryAfter), plan);
        }

        if (!decision.Allowed)
        {
            var reason = decision.Exceeded switch
            {
                LimitKind.Requests => AdmissionRefusalReason.RequestRateExceeded,
                LimitKind.Tokens => AdmissionRefusalReason.TokenRateExceeded,
                LimitKind.Concurrency => AdmissionRefusalReason.ConcurrencyExceeded,
                _ => AdmissionRefusalReason.MonthlyQuotaExhausted,
            };
            return AdmissionOutcome.Refused(new AdmissionRefusal(reason, scope, model, plan, decision.RetryAfter), plan, decision);
        }

        return new AdmissionOutcome(new AdmissionLease(limits, request, decision.TokenWindow), null, plan, decision);
    }

    private async Task<AdmissionDecision> CountAsync(AdmissionRequest request)
    {
        var now = time.GetUtcNow();
        if (request.Limits.MonthlyTokenQuota == 0)
        {
            return await limits.AdmitAsync(request, now);
        }

        await spend.RepairAsync(request.TenantId, now);
        var decision = await limits.AdmitAsync(request, now);
        if (decision.MonthlySpendUnknown)
        {
            await spend.RebuildAsync(request.TenantId, now);
            decision = await limits.AdmitAsync(request, now);
        }

        return decision.MonthlySpendUnknown
            ? throw new LimitStoreUnavailableException("The month's quota counter vanished again right after its rebuild.")
            : decision;
    }
}
