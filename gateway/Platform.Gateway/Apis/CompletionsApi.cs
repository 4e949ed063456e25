using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Platform.Contracts.Generation;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Limits;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Apis;

/// <summary>OpenAI-compatible <c>POST /v1/completions</c>, plain JSON or server-sent events.</summary>
internal static class CompletionsApi
{
    public const int MaxBodyBytes = 1 << 20;

    public static RouteGroupBuilder MapCompletionsApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/completions", CreateCompletionAsync)
            .WithName("CreateCompletion")
            .WithSummary("Creates a completion for the prompt, fill-in-the-middle when a suffix is given.")
            .DescribesGeneration<TextCompletion>();
        return v1;
    }

    private static async Task<IResult> CreateCompletionAsync(
        HttpContext context, CompletionDispatcher dispatcher, GenerationAdmission admission, IOptions<GatewayOptions> options)
    {
        var body = await RequestBody.ReadJsonAsync(context.Request, MaxBodyBytes, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        using var document = body.Document!;
        var request = CompletionRequestReader.Read(document.RootElement, out var errors);
        if (request is null)
        {
            return GatewayProblems.InvalidRequest(errors);
        }

        var caller = ApiKeyAuthenticationHandler.Caller(context.User);
        var reserved = GenerationAdmission.EstimateTokens(request.Prompt.Length + (request.Suffix?.Length ?? 0), request.Sampling.MaxTokens);
        return await GenerationResponder.RespondAsync(context, options.Value, admission,
            new AdmissionNeeds("completions", request.Model, reserved),
            (model, cancellationToken) => dispatcher.StartAsync(request, model, caller, "/v1/completions", cancellationToken),
            (generation, cancellationToken) => request.Stream
                ? CompletionStreamWriter.StreamAsync(context, generation, request.IncludeUsageInStream, cancellationToken)
                : CollectAsync(generation, cancellationToken));
    }

    private static async Task<IResult> CollectAsync(OpenGeneration generation, CancellationToken cancellationToken)
    {
        var (text, finished, problem) = await GenerationResponder.CollectAsync(generation, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = finished!.Outcome;
        return Results.Json(new TextCompletion(
            generation.CompletionId,
            generation.CreatedAt.ToUnixTimeSeconds(),
            generation.Model,
            [new TextCompletionChoice(text, 0, FinishReasonName(outcome.FinishReason))],
            new CompletionUsage(outcome.PromptTokens, outcome.CompletionTokens)));
    }

    internal static string FinishReasonName(FinishReason reason) => reason switch
    {
        FinishReason.Length => "length",
        FinishReason.Cancelled => "cancelled",
        _ => "stop",
    };

    internal static IResult RejectionProblem(GenerationEvent.Rejected rejected) => rejected.Code switch
    {
        GenerationRejectionCodes.ContextLengthExceeded or GenerationRejectionCodes.InvalidRequest =>
            GatewayProblems.Create(StatusCodes.Status400BadRequest, "Invalid request", rejected.Detail, rejected.Code),
        GenerationRejectionCodes.UnknownModel =>
            GatewayProblems.Create(StatusCodes.Status404NotFound, "Unknown model", rejected.Detail, "model_not_found"),
        GenerationRejectionCodes.DeadlineExceeded =>
            GatewayProblems.Create(StatusCodes.Status504GatewayTimeout, "Deadline exceeded", rejected.Detail, rejected.Code),
        _ => GatewayProblems.Create(StatusCodes.Status502BadGateway, "Generation failed", rejected.Detail, rejected.Code),
    };
}
