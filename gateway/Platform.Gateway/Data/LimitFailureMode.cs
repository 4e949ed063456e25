using System.Text.Json.Serialization;

namespace Platform.Gateway.Data;

/// <summary>What a plan's limits do while their counters (Redis) cannot be reached.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LimitFailureMode>))]
public enum LimitFailureMode
{
    /// <summary>Requests are admitted without being counted: the limits are not enforced until the counters return.</summary>
    Open,

    /// <summary>Requests are refused with 503 and <c>Retry-After</c> until the counters return.</summary>
    Closed,
}
