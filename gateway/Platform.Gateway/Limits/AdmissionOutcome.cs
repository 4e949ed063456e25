namespace Platform.Gateway.Limits;

/// <summary>
/// What <see cref="GenerationAdmission"/> decided: a lease to hold while the generation runs, or a refusal. Either way
/// <see cref="Counters"/> carries the plan and the counters' state when they were consulted (for <c>x-ratelimit-*</c>).
/// </summary>
internal sealed record AdmissionOutcome(AdmissionLease? Lease, AdmissionRefusal? Refusal, PlanLimits? Plan = null, AdmissionDecision? Counters = null)
{
    public static AdmissionOutcome Refused(AdmissionRefusal refusal, PlanLimits? plan = null, AdmissionDecision? counters = null) =>
        new(null, refusal, plan, counters);
}
