using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Limits;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Apis;

/// <summary>
/// <c>POST /v1/fim/completions</c>, the fill-in-the-middle API Continue's FIM providers call (Mistral's shape:
/// <c>prompt</c> + <c>suffix</c> in, chat-shaped choices out). It runs the same path as <c>/v1/completions</c>;
/// each choice also carries <c>text</c> for clients that read the text-completion shape.
/// </summary>
internal static class FimCompletionsApi
{
    public const string Route = "/v1/fim/completions";

    public static RouteGroupBuilder MapFimCompletionsApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/fim/completions", CreateFimCompletionAsync)
            .WithName("CreateFimCompletion")
            .WithSummary("Fills in the code between a prompt (before the cursor) and a suffix (after it).")
            .DescribesGeneration<ChatCompletion>();
        return v1;
    }

    private static async Task<IResult> CreateFimCompletionAsync(
        HttpContext context, CompletionDispatcher dispatcher, GenerationAdmission admission, IOptions<GatewayOptions> options)
    {
        var body = await RequestBody.ReadJsonAsync(context.Request, CompletionsApi.MaxBodyBytes, context.RequestAborted);
        if (body.Problem is not null)
        {
            return body.Problem;
        }

        using var document = body.Document!;
        var request = CompletionRequestReader.Read(document.RootElement, out var errors);
        // Mistral spells the seed random_seed and offers min_tokens, which the platform does not.
        var fields = new JsonFieldReader(document.RootElement, errors);
        if (request is not null && fields.Long("random_seed") is { } seed)
        {
            request = request with { Sampling = request.Sampling with { Seed = request.Sampling.Seed ?? seed } };
        }

        if (fields.Integer("min_tokens", 0, CompletionRequestReader.MaxTokensLimit) is > 0)
        {
            fields.Fail("min_tokens", "min_tokens is not supported.");
        }

        if (request is null || errors.Count > 0)
        {
            return GatewayProblems.InvalidRequest(errors);
        }


        var caller = ApiKeyAuthenticationHandler.Caller(context.User);
        return await GenerationResponder.RespondAsync(context, options.Value, admission,
            new AdmissionNeeds("completions", request.Model, GenerationAdmission.EstimateTokens(request.Prompt.Length + (request.Suffix?.Length ?? 0), request.Sampling.MaxTokens)),
            (model, cancellationToken) => dispatcher.StartAsync(request with { Suffix = request.Suffix ?? "" }, model, caller, Route, cancellationToken),
            (generation, cancellationToken) => request.Stream
                ? ChatStreamWriter.StreamAsync(context, generation, request.IncludeUsageInStream, withText: true, cancellationToken)
                : ChatCompletionsApi.CollectAsync(generation, withText: true, cancellationToken));
    }
}
