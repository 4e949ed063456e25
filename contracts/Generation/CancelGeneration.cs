namespace Platform.Contracts.Generation;

/// <summary>Published when the client went away or superseded the request; the worker frees its resources at once.</summary>
public sealed record CancelGeneration(Guid GenerationId);
