namespace Platform.Gateway.Limits;

/// <summary>Why a generating request was not admitted; the API layer alone turns it into an HTTP answer.</summary>
internal enum AdmissionRefusalReason
{
    ScopeMissing,
    TenantNotFound,
    ModelNotInPlan,
    ModelOverloaded,
    RequestRateExceeded,
    TokenRateExceeded,
    ConcurrencyExceeded,
    MonthlyQuotaExhausted,
    LimitsUnavailable,
}
