using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Platform.Contracts.Generation;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Streaming;
using Platform.Prompting.Tools;

namespace Platform.Gateway.Apis;

/// <summary>OpenAI-compatible <c>POST /v1/chat/completions</c>, plain JSON or server-sent events.</summary>
internal static class ChatCompletionsApi
{
    public static RouteGroupBuilder MapChatCompletionsApi(this RouteGroupBuilder v1)
    {
        v1.MapGeneration(new Endpoint())
            .WithName("CreateChatCompletion")
            .WithSummary("Creates the assistant's next message for a conversation.")
            .DescribesGeneration<ChatCompletion>();
        return v1;
    }

    private sealed class Endpoint : GenerationEndpoint<ChatCompletionRequest>
    {
        public override string Route => "/v1/chat/completions";

        public override string Scope => ApiKeyScopes.Chat;

        public override ChatCompletionRequest? Read(JsonElement body, SamplingDefaults defaults, out Dictionary<string, string[]> errors) =>
            ChatCompletionRequestReader.Read(body, defaults, out errors);

        public override Task<OpenGeneration> StartAsync(
            GenerationDispatcher dispatcher, ChatCompletionRequest request, GenerationTicket ticket, CancellationToken cancellationToken) =>
            dispatcher.StartAsync(ticket, GenerationCommands.CompleteChat(ticket, request.Messages) with
            {
                Tools = request.Tools,
                ToolChoice = request.ToolChoice,
                ParallelToolCalls = request.ParallelToolCalls,
                Context = request.Context,
            }, cancellationToken);

        public override object Answer(OpenGeneration generation, string text, GenerationFinished outcome, ChatCompletionRequest request) =>
            request.CallsTools ? ToolCallingAnswer(generation, text, outcome, request) : ChatAnswer(generation, text, outcome, withText: false);

        public override Task<IResult> StreamAsync(
            HttpContext context, OpenGeneration generation, ChatCompletionRequest request, CancellationToken cancellationToken) =>
            ChatStreamWriter.StreamAsync(context, generation, request.IncludeUsageInStream, withText: false, cancellationToken,
                request.CallsTools ? Parser(request) : null);
    }

    /// <summary>The parser for an answer that may call tools, primed with what the prompt already wrote of the call.</summary>
    internal static ToolCallParser Parser(ChatCompletionRequest request) =>
        new(singleCall: !request.ParallelToolCalls, prefill: ToolCallSyntax.Prefill(request.ToolChoice));

    private static ChatCompletion ToolCallingAnswer(OpenGeneration generation, string text, GenerationFinished outcome, ChatCompletionRequest request)
    {
        var parser = Parser(request);
        var outputs = parser.Push(text).Concat(parser.Complete()).ToList();
        var content = string.Concat(outputs.OfType<ParsedOutput.Content>().Select(output => output.Text));
        var calls = outputs.OfType<ParsedOutput.Call>()
            .Select(call => new ToolCallJson(ToolCallIds.For(generation, call.Index), new FunctionCallJson(call.Name, call.Arguments)))
            .ToList();
        var message = new AssistantMessage(calls.Count > 0 && content.Length == 0 ? null : content) { ToolCalls = calls.Count > 0 ? calls : null };
        return new ChatCompletion(
            generation.CompletionId,
            generation.CreatedAt.ToUnixTimeSeconds(),
            generation.Model,
            [new ChatCompletionChoice(0, message, calls.Count > 0 ? "tool_calls" : OpenAiFinishReason.Name(outcome.FinishReason))],
            new CompletionUsage(outcome.PromptTokens, outcome.CompletionTokens)) { Citations = CitationJson.From(generation.Citations) };
    }

    /// <summary>The whole answer as one <c>chat.completion</c>; <paramref name="withText"/> also fills <c>choices[0].text</c>.</summary>
    internal static ChatCompletion ChatAnswer(OpenGeneration generation, string text, GenerationFinished outcome, bool withText) => new(
        generation.CompletionId,
        generation.CreatedAt.ToUnixTimeSeconds(),
        generation.Model,
        [new ChatCompletionChoice(0, new AssistantMessage(text), OpenAiFinishReason.Name(outcome.FinishReason))
        {
            Text = withText ? text : null,
            Logprobs = OpenAiLogprobs.Chat(generation.Logprobs),
        }],
        new CompletionUsage(outcome.PromptTokens, outcome.CompletionTokens)) { Citations = CitationJson.From(generation.Citations) };
}
