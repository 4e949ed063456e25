using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Platform.Contracts.Generation;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Apis;

/// <summary>OpenAI-compatible <c>POST /v1/completions</c>, fill-in-the-middle when a suffix is given; JSON or server-sent events.</summary>
internal static class CompletionsApi
{
    public static RouteGroupBuilder MapCompletionsApi(this RouteGroupBuilder v1)
    {
        v1.MapGeneration(new Endpoint())
            .WithName("CreateCompletion")
            .WithSummary("Creates a completion for the prompt, fill-in-the-middle when a suffix is given.")
            .DescribesGeneration<TextCompletion>();
        return v1;
    }

    private sealed class Endpoint : GenerationEndpoint<CompletionRequest>
    {
        public override string Route => "/v1/completions";

        public override CompletionRequest? Read(JsonElement body, SamplingDefaults defaults, out Dictionary<string, string[]> errors) =>
            CompletionRequestReader.Read(body, defaults, out errors);

        public override Task<OpenGeneration> StartAsync(
            GenerationDispatcher dispatcher, CompletionRequest request, GenerationTicket ticket, CancellationToken cancellationToken) =>
            dispatcher.StartAsync(ticket, GenerationCommands.CompleteCode(ticket, new CodeSegments(request.Prompt, request.Suffix)), cancellationToken);

        public override object Answer(OpenGeneration generation, string text, GenerationFinished outcome, CompletionRequest request) => new TextCompletion(
            generation.CompletionId,
            generation.CreatedAt.ToUnixTimeSeconds(),
            generation.Model,
            [new TextCompletionChoice(text, 0, OpenAiFinishReason.Name(outcome.FinishReason))
            {
                Logprobs = OpenAiLogprobs.Completion(generation.Logprobs, textOffset: 0),
            }],
            new CompletionUsage(outcome.PromptTokens, outcome.CompletionTokens));

        public override Task<IResult> StreamAsync(
            HttpContext context, OpenGeneration generation, CompletionRequest request, CancellationToken cancellationToken) =>
            CompletionStreamWriter.StreamAsync(context, generation, request.IncludeUsageInStream, cancellationToken);
    }
}
