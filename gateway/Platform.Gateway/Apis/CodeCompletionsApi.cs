using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Platform.Contracts.Generation;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Apis;

/// <summary>
/// The native code-completion API for editor plugins (Tabby's shape): the editor sends segments around the cursor
/// and cross-file context; the completion service fits them into the model's prompt. The answer's <c>id</c> keys
/// the view/select/dismiss events the plugin reports to <c>/v1/code/events</c>.
/// </summary>
internal static class CodeCompletionsApi
{
    public static RouteGroupBuilder MapCodeCompletionsApi(this RouteGroupBuilder v1)
    {
        v1.MapGeneration(new Endpoint())
            .WithName("CreateCodeCompletion")
            .WithTags("Code")
            .WithSummary("Completes code at the cursor from the editor's segments and cross-file context.")
            .DescribesGeneration<CodeCompletion>(streams: false)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return v1;
    }

    private sealed class Endpoint : GenerationEndpoint<CodeCompletionRequest>
    {
        public override string Route => "/v1/code/completions";

        public override CodeCompletionRequest? Read(JsonElement body, SamplingDefaults defaults, out Dictionary<string, string[]> errors) =>
            CodeCompletionRequestReader.Read(body, defaults, out errors);

        public override Task<OpenGeneration> StartAsync(
            GenerationDispatcher dispatcher, CodeCompletionRequest request, GenerationTicket ticket, CancellationToken cancellationToken)
        {
            var segments = new CodeSegments(request.Prefix, request.Suffix)
            {
                Language = request.Language,
                FilePath = request.FilePath,
                GitUrl = request.GitUrl,
                Repository = request.Repository,
                Declarations = request.Declarations,
                RelevantSnippets = request.RelevantSnippets,
                Clipboard = request.Clipboard,
                FitToBudget = true,
                Editor = true,
                Document = request.Document,
            };
            return dispatcher.StartAsync(ticket, GenerationCommands.CompleteCode(ticket, segments), cancellationToken);
        }

        public override object Answer(OpenGeneration generation, string text, GenerationFinished outcome, CodeCompletionRequest request) => new CodeCompletion(
            generation.CompletionId,
            generation.CreatedAt.ToUnixTimeSeconds(),
            generation.Model,
            [new CodeCompletionChoice(0, text, OpenAiFinishReason.Name(outcome.FinishReason))],
            new CompletionUsage(outcome.PromptTokens, outcome.CompletionTokens));
    }
}
