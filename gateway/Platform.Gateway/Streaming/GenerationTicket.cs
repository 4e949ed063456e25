using Platform.Contracts.Generation;
using Platform.Gateway.ApiKeys;

namespace Platform.Gateway.Streaming;

/// <summary>
/// Everything a generation command carries besides its own input: its id and timing, whose it is, the model, how to
/// sample, whether to stream, where the output goes, which public endpoint accepted it and how far the tenant's plan
/// raises its priority.
/// </summary>
internal sealed record GenerationTicket(
    Guid GenerationId,
    DateTimeOffset AcceptedAt,
    DateTimeOffset Deadline,
    Uri StreamAddress,
    CallerIdentity Caller,
    string Model,
    SamplingSettings Sampling,
    bool StreamDeltas,
    string Endpoint,
    int PriorityBoost = 0);
