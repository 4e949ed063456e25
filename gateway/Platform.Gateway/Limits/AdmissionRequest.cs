namespace Platform.Gateway.Limits;

/// <summary>One request asking to start: whose, how many tokens it may cost, under which plan.</summary>
internal sealed record AdmissionRequest(string TenantId, string KeyId, string RequestId, int ReservedTokens, PlanLimits Limits);
