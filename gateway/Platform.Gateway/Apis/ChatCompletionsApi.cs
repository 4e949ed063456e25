using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Platform.Contracts.Chat;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Limits;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Apis;

/// <summary>OpenAI-compatible <c>POST /v1/chat/completions</c>, plain JSON or server-sent events.</summary>
internal static class ChatCompletionsApi
{
    public const string Route = "/v1/chat/completions";

    public static RouteGroupBuilder MapChatCompletionsApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/chat/completions", CreateChatCompletionAsync)
            .WithName("CreateChatCompletion")
            .WithSummary("Creates the assistant's next message for a conversation.")
            .DescribesGeneration<ChatCompletion>();
        return v1;
    }

    private static async Task<IResult> CreateChatCompletionAsync(
        HttpContext context, CompletionDispatcher dispatcher, GenerationAdmission admission, IOptions<GatewayOptions> options)
    {
        var body = await RequestBody.ReadJsonAsync(context.Request, CompletionsApi.MaxBodyBytes, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        using var document = body.Document!;
        var request = ChatCompletionRequestReader.Read(document.RootElement, out var errors);
        if (request is null)
        {
            return GatewayProblems.InvalidRequest(errors);
        }

        var caller = ApiKeyAuthenticationHandler.Caller(context.User);
        return await GenerationResponder.RespondAsync(context, options.Value, admission,
            new AdmissionNeeds("chat", request.Model, GenerationAdmission.EstimateTokens(request.Messages.Sum(m => m.Content.Length), request.Sampling.MaxTokens)),
            (model, cancellationToken) =>
            {
                var ticket = dispatcher.NewTicket();
                return dispatcher.StartAsync(ticket, new CompleteChat
                {
                    GenerationId = ticket.GenerationId,
                    TenantId = caller.TenantId,
                    ApiKeyId = caller.ApiKeyId,
                    Model = model,
                    Messages = request.Messages,
                    Sampling = request.Sampling,
                    StreamAddress = ticket.StreamAddress,
                    StreamDeltas = request.Stream,
                    Deadline = ticket.Deadline,
                    AcceptedAt = ticket.AcceptedAt,
                    Endpoint = Route,
                }, cancellationToken);
            },
            (generation, cancellationToken) => request.Stream
                ? ChatStreamWriter.StreamAsync(context, generation, request.IncludeUsageInStream, withText: false, cancellationToken)
                : CollectAsync(generation, withText: false, cancellationToken));
    }

    /// <summary>The whole answer as one <c>chat.completion</c>.</summary>
    internal static async Task<IResult> CollectAsync(OpenGeneration generation, bool withText, CancellationToken cancellationToken)
    {
        var (text, finished, problem) = await GenerationResponder.CollectAsync(generation, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = finished!.Outcome;
        return Results.Json(new ChatCompletion(
            generation.CompletionId,
            generation.CreatedAt.ToUnixTimeSeconds(),
            generation.Model,
            [new ChatCompletionChoice(0, new AssistantMessage(text), CompletionsApi.FinishReasonName(outcome.FinishReason))
                { Text = withText ? text : null }],
            new CompletionUsage(outcome.PromptTokens, outcome.CompletionTokens)));
    }
}
