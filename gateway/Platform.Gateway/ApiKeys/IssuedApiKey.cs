using Platform.Gateway.Data;

namespace Platform.Gateway.ApiKeys;

/// <summary>A key just created: the only moment its secret exists outside the caller's hands.</summary>
internal sealed record IssuedApiKey(ApiKey Record, string Secret);
