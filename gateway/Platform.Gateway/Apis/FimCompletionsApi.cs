using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Platform.Contracts.Generation;
using Platform.Gateway.Http;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Apis;

/// <summary>
/// <c>POST /v1/fim/completions</c>, the fill-in-the-middle API Continue's FIM providers call (Mistral's shape:
/// <c>prompt</c> + <c>suffix</c> in, chat-shaped choices out). It runs the same path as <c>/v1/completions</c>;
/// each choice also carries <c>text</c> for clients that read the text-completion shape.
/// </summary>
internal static class FimCompletionsApi
{
    public static RouteGroupBuilder MapFimCompletionsApi(this RouteGroupBuilder v1)
    {
        v1.MapGeneration(new Endpoint())
            .WithName("CreateFimCompletion")
            .WithSummary("Fills in the code between a prompt (before the cursor) and a suffix (after it).")
            .DescribesGeneration<ChatCompletion>();
        return v1;
    }

    private sealed class Endpoint : GenerationEndpoint<CompletionRequest>
    {
        public override string Route => "/v1/fim/completions";

        public override CompletionRequest? Read(JsonElement body, SamplingDefaults defaults, out Dictionary<string, string[]> errors)
        {
            var request = CompletionRequestReader.Read(body, defaults, out errors);
            // Mistral spells the seed random_seed and offers min_tokens, which the platform does not.
            var fields = new JsonFieldReader(body, errors);
            if (request is not null && fields.Long("random_seed") is { } seed)
            {
                request = request with { Sampling = request.Sampling with { Seed = request.Sampling.Seed ?? seed } };
            }

            if (fields.Integer("min_tokens", 0, defaults.MaxTokensLimit) is > 0)
            {
                fields.Fail("min_tokens", "min_tokens is not supported.");
            }

            return errors.Count == 0 ? request : null;
        }

        public override Task<OpenGeneration> StartAsync(
            GenerationDispatcher dispatcher, CompletionRequest request, GenerationTicket ticket, CancellationToken cancellationToken) =>
            dispatcher.StartAsync(ticket, GenerationCommands.CompleteCode(ticket, new CodeSegments(request.Prompt, request.Suffix ?? "")), cancellationToken);

        public override object Answer(OpenGeneration generation, string text, GenerationFinished outcome, CompletionRequest request) =>
            ChatCompletionsApi.ChatAnswer(generation, text, outcome, withText: true);

        public override Task<IResult> StreamAsync(
            HttpContext context, OpenGeneration generation, CompletionRequest request, CancellationToken cancellationToken) =>
            ChatStreamWriter.StreamAsync(context, generation, request.IncludeUsageInStream, withText: true, cancellationToken);
    }
}
