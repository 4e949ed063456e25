using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Platform.Contracts.Chat;
using Platform.Contracts.Generation;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Http;
using Platform.Gateway.Streaming;

namespace Platform.Gateway.Apis;

/// <summary>
/// One-click assistant actions on the editor's selection, <c>POST /v1/chat/actions/{action}</c> (explain, tests, fix,
/// document, translate, optimize, review, commit-message): the chat service writes the action's prompt, the answer is a
/// <c>chat.completion</c>, streamed like chat when asked.
/// </summary>
internal static class ChatActionsApi
{
    public static RouteGroupBuilder MapChatActionsApi(this RouteGroupBuilder v1)
    {
        foreach (var action in ChatActionNames.All)
        {
            v1.MapGeneration(new Endpoint(action))
                .WithName($"ChatAction-{action}")
                .WithTags("Chat actions")
                .WithSummary($"Runs the '{action}' assistant action on the selection.")
                .DescribesGeneration<ChatCompletion>();
        }

        v1.MapPost("/chat/actions/{action}", (string action) => GatewayProblems.Create(StatusCodes.Status404NotFound, "Unknown action",
                $"There is no chat action '{action}'. Actions: {string.Join(", ", ChatActionNames.All)}.", "action_not_found"))
            .ExcludeFromDescription();
        return v1;
    }

    private sealed class Endpoint(string action) : GenerationEndpoint<ChatActionRequest>
    {
        public override string Route => $"/v1/chat/actions/{action}";

        public override string Scope => ApiKeyScopes.Chat;

        public override ChatActionRequest? Read(JsonElement body, SamplingDefaults defaults, out Dictionary<string, string[]> errors) =>
            ChatActionRequestReader.Read(body, defaults, action, out errors);

        public override Task<OpenGeneration> StartAsync(
            GenerationDispatcher dispatcher, ChatActionRequest request, GenerationTicket ticket, CancellationToken cancellationToken) =>
            dispatcher.StartAsync(ticket, GenerationCommands.CompleteChat(ticket, []) with { Action = request.Action }, cancellationToken);

        public override object Answer(OpenGeneration generation, string text, GenerationFinished outcome, ChatActionRequest request) =>
            ChatCompletionsApi.ChatAnswer(generation, text, outcome, withText: false);

        public override Task<IResult> StreamAsync(
            HttpContext context, OpenGeneration generation, ChatActionRequest request, CancellationToken cancellationToken) =>
            ChatStreamWriter.StreamAsync(context, generation, request.IncludeUsageInStream, withText: false, cancellationToken);
    }
}
