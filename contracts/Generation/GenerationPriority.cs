namespace Platform.Contracts.Generation;

/// <summary>Scheduling class: latency-critical code completion runs ahead of chat.</summary>
public enum GenerationPriority
{
    Completion = 0,
    Chat = 1,
}
