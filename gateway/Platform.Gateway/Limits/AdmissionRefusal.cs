namespace Platform.Gateway.Limits;

/// <summary>A refusal with what its answer needs: the scope or plan it names and how long to wait before retrying.</summary>
internal sealed record AdmissionRefusal(AdmissionRefusalReason Reason, string Scope, string Model, PlanLimits? Plan, TimeSpan? RetryAfter = null);
