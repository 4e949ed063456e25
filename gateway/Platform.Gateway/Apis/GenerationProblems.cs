using Microsoft.AspNetCore.Http;
using Platform.Contracts.Generation;
using Platform.Gateway.Http;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Apis;

/// <summary>The HTTP answers for a generation that a service or worker rejected, or that ran past the request timeout.</summary>
internal static class GenerationProblems
{
    public static IResult Rejection(GenerationEvent.Rejected rejected) => rejected.Code switch
    {
        GenerationRejectionCodes.ContextLengthExceeded or GenerationRejectionCodes.InvalidRequest =>
            GatewayProblems.Create(StatusCodes.Status400BadRequest, "Invalid request", rejected.Detail, rejected.Code),
        GenerationRejectionCodes.DocumentBaseUnknown =>
            GatewayProblems.Create(StatusCodes.Status409Conflict, "Document version unknown", rejected.Detail, rejected.Code),
        GenerationRejectionCodes.DocumentTooLarge =>
            GatewayProblems.Create(StatusCodes.Status413PayloadTooLarge, "Document too large", rejected.Detail, rejected.Code),
        GenerationRejectionCodes.UnknownModel =>
            GatewayProblems.Create(StatusCodes.Status404NotFound, "Unknown model", rejected.Detail, "model_not_found"),
        GenerationRejectionCodes.Unavailable or GenerationRejectionCodes.WorkerLost => new RetryAfter(TimeSpan.FromSeconds(2),
            GatewayProblems.Create(StatusCodes.Status503ServiceUnavailable, "Service unavailable", rejected.Detail, rejected.Code)),
        GenerationRejectionCodes.DeadlineExceeded =>
            GatewayProblems.Create(StatusCodes.Status504GatewayTimeout, "Deadline exceeded", rejected.Detail, rejected.Code),
        _ => GatewayProblems.Create(StatusCodes.Status502BadGateway, "Generation failed", rejected.Detail, rejected.Code),
    };

    /// <summary>A problem answer with <c>Retry-After</c>: the request may well succeed when retried shortly.</summary>
    private sealed class RetryAfter(TimeSpan wait, IResult problem) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = ((long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return problem.ExecuteAsync(httpContext);
        }
    }

    public static IResult Timeout(TimeSpan requestTimeout) =>
        GatewayProblems.Create(StatusCodes.Status504GatewayTimeout, "Generation timed out",
            $"No complete answer within {requestTimeout.TotalSeconds:F0} s.", "timeout");
}
