using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Platform.Contracts.Generation;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Apis;

/// <summary>
/// What one generation endpoint contributes to the <see cref="GenerationPipeline"/>: how its body reads, which
/// command it starts, and what its answers look like. Everything else (admission, timeouts, cancellation) is the
/// pipeline's.
/// </summary>
internal abstract class GenerationEndpoint<TRequest>
    where TRequest : class, IGeneratingRequest
{
    /// <summary>The public path, also recorded with the usage.</summary>
    public abstract string Route { get; }

    /// <summary>The API key scope the endpoint needs.</summary>
    public virtual string Scope => ApiKeyScopes.Completions;

    /// <summary>Validates the body field by field; null with <paramref name="errors"/> filled when it is not valid.</summary>
    public abstract TRequest? Read(JsonElement body, SamplingDefaults defaults, out Dictionary<string, string[]> errors);

    /// <summary>Builds the endpoint's bus command from the ticket and sends it.</summary>
    public abstract Task<OpenGeneration> StartAsync(
        GenerationDispatcher dispatcher, TRequest request, GenerationTicket ticket, CancellationToken cancellationToken);

    /// <summary>The whole answer as one JSON document.</summary>
    public abstract object Answer(OpenGeneration generation, string text, GenerationFinished outcome, TRequest request);

    /// <summary>The answer as server-sent events, for requests with <see cref="IGeneratingRequest.Stream"/>.</summary>
    public virtual Task<IResult> StreamAsync(HttpContext context, OpenGeneration generation, TRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{Route} does not stream.");
}
