using Platform.Contracts.Generation;

namespace Platform.Gateway.Metering;

/// <summary>
/// The usage records of the gateway store, written once per generation however often its event is delivered
/// (redelivery after a crash, two replicas taking the same message): the generation id decides.
/// </summary>
internal interface IUsageLedger
{
    /// <summary>Records the generations not recorded yet and returns exactly those: what newly counts against quotas.</summary>
    Task<IReadOnlyList<GenerationUsage>> RecordAsync(IReadOnlyList<GenerationUsage> generations, CancellationToken cancellationToken);
}
