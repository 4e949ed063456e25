using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Platform.Contracts.Completions;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Limits;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Apis;

/// <summary>
/// The native code-completion API for editor plugins (Tabby's shape): the editor sends segments around the cursor
/// and cross-file context; the completion service fits them into the model's prompt. The answer's <c>id</c> keys
/// the view/select/dismiss events the plugin reports to <c>/v1/code/events</c>.
/// </summary>
internal static class CodeCompletionsApi
{
    public const string Route = "/v1/code/completions";

    public static RouteGroupBuilder MapCodeCompletionsApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/code/completions", CreateCodeCompletionAsync)
            .WithName("CreateCodeCompletion")
            .WithTags("Code")
            .WithSummary("Completes code at the cursor from the editor's segments and cross-file context.")
            .DescribesGeneration<CodeCompletion>(streams: false);
        return v1;
    }

    private static async Task<IResult> CreateCodeCompletionAsync(
        HttpContext context, CompletionDispatcher dispatcher, GenerationAdmission admission, IOptions<GatewayOptions> options)
    {
        var body = await RequestBody.ReadJsonAsync(context.Request, CompletionsApi.MaxBodyBytes, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        using var document = body.Document!;
        var request = CodeCompletionRequestReader.Read(document.RootElement, out var errors);
        if (request is null)
        {
            return GatewayProblems.InvalidRequest(errors);
        }


        var caller = ApiKeyAuthenticationHandler.Caller(context.User);
        return await GenerationResponder.RespondAsync(context, options.Value, admission,
            new AdmissionNeeds("completions", request.Model, GenerationAdmission.EstimateTokens(request.Prefix.Length + (request.Suffix?.Length ?? 0), request.Sampling.MaxTokens)),
            (model, cancellationToken) =>
            {
                var ticket = dispatcher.NewTicket();
                return dispatcher.StartAsync(ticket, new CompleteCode
                {
                    GenerationId = ticket.GenerationId,
                    TenantId = caller.TenantId,
                    ApiKeyId = caller.ApiKeyId,
                    Model = model,
                    Prefix = request.Prefix,
                    Suffix = request.Suffix,
                    Language = request.Language,
                    FilePath = request.FilePath,
                    GitUrl = request.GitUrl,
                    Declarations = request.Declarations,
                    RelevantSnippets = request.RelevantSnippets,
                    Clipboard = request.Clipboard,
                    FitToBudget = true,
                    Sampling = request.Sampling,
                    StreamAddress = ticket.StreamAddress,
                    StreamDeltas = false, // answered in one piece
                    Deadline = ticket.Deadline,
                    AcceptedAt = ticket.AcceptedAt,
                    Endpoint = Route,
                }, cancellationToken);
            },
            async (generation, cancellationToken) =>
            {
                var (text, finished, problem) = await GenerationResponder.CollectAsync(generation, cancellationToken);
                if (problem is not null)
                {
                    return problem;
                }

                var outcome = finished!.Outcome;
                return Results.Json(new CodeCompletion(generation.CompletionId, generation.CreatedAt.ToUnixTimeSeconds(), generation.Model,
                    [new CodeCompletionChoice(0, text, CompletionsApi.FinishReasonName(outcome.FinishReason))],
                    new CompletionUsage(outcome.PromptTokens, outcome.CompletionTokens)));
            });
    }
}

/// <summary>A native code completion: its <c>id</c> keys the editor's later events.</summary>
internal sealed record CodeCompletion(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("choices")] IReadOnlyList<CodeCompletionChoice> Choices,
    [property: JsonPropertyName("usage")] CompletionUsage Usage)
{
    [JsonPropertyName("object")]
    public string Object { get; init; } = "code_completion";
}

internal sealed record CodeCompletionChoice(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("finish_reason")] string FinishReason);
