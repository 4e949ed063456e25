using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Platform.Contracts.Retrieval;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Http;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Gateway.Apis;

/// <summary>
/// The gateway's side of the retrieval service: a request to the queue of the shard that owns the caller's tenant,
/// and the outcome turned into an HTTP answer (snake_case JSON, problem+json for refusals).
/// </summary>
internal sealed class RetrievalRequests(IBus bus, IConfiguration configuration)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly int _shards = Math.Max(1, configuration.GetValue("Retrieval:Shards", 1));

    /// <summary>Sends <paramref name="request"/> and answers with <paramref name="success"/> of the response, or the refusal.</summary>
    public async Task<IResult> SendAsync<TRequest, TResponse>(string tenantId, TRequest request, Func<TResponse, IResult> success, CancellationToken cancellationToken)
        where TRequest : class
        where TResponse : class
    {
        var client = bus.CreateRequestClient<TRequest>(RetrievalQueues.Address(tenantId, _shards), RequestTimeout.After(s: (int)Timeout.TotalSeconds));
        try
        {
            var response = await client.GetResponse<TResponse, RetrievalRefused>(request, cancellationToken);
            return response.Is(out Response<TResponse>? accepted) ? success(accepted!.Message) : Refused((RetrievalRefused)response.Message);
        }
        catch (RequestTimeoutException)
        {
            return GatewayProblems.Create(StatusCodes.Status503ServiceUnavailable, "Retrieval unavailable",
                "The retrieval service did not answer in time; try again.", "retrieval_unavailable");
        }
    }

    public static IResult Ok(object value, int status = StatusCodes.Status200OK) => Results.Json(value, Json, statusCode: status);

    /// <summary>403 unless the key carries the <c>retrieval</c> scope.</summary>
    /// <summary>Every endpoint of the group needs the <c>retrieval</c> scope: checked once, before the handler reads anything.</summary>
    public static TBuilder RequireScope<TBuilder>(TBuilder group) where TBuilder : IEndpointConventionBuilder =>
        group.AddEndpointFilter(async (context, next) =>
            ApiKeyAuthenticationHandler.Caller(context.HttpContext.User).HasScope(ApiKeyScopes.Retrieval)
                ? await next(context)
                : GatewayProblems.Create(
                    StatusCodes.Status403Forbidden, "Scope missing", "This API key lacks the 'retrieval' scope.", "insufficient_scope"));

    private static IResult Refused(RetrievalRefused refused) => refused.Code switch
    {
        "not_found" => GatewayProblems.Create(StatusCodes.Status404NotFound, "Not found", refused.Message, refused.Code),
        "conflict" => GatewayProblems.Create(StatusCodes.Status409Conflict, "Conflict", refused.Message, refused.Code),
        "unavailable" => GatewayProblems.Create(StatusCodes.Status503ServiceUnavailable, "Unavailable", refused.Message, refused.Code),
        _ => GatewayProblems.Create(StatusCodes.Status400BadRequest, "Invalid request", refused.Message, refused.Code),
    };
}
