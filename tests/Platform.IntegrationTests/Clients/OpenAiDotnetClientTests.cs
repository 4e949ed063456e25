using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using OpenAI;
using OpenAI.Chat;
using Platform.IntegrationTests.Distributed;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Clients;

/// <summary>
/// The official OpenAI .NET client (NuGet <c>OpenAI</c> 2.15.0) against the gateway. Its typed chat API is used as
/// is. Version 2.x keeps its legacy completions client internal (<c>OpenAI.LegacyCompletions.LegacyCompletionClient</c>
/// is not public), so completions go as raw requests through the client's own pipeline: the client's
/// authentication, headers and transport, with the request body written here.
/// </summary>
[Collection(DistributedPlatformDefinition.Name)]
public sealed class OpenAiDotnetClientTests(DistributedPlatform platform)
{
    private OpenAIClient Client() => new(new ApiKeyCredential(platform.ApiKey), new OpenAIClientOptions
    {
        Endpoint = new Uri(platform.Gateway.BaseAddress(), "/v1"),
        NetworkTimeout = TimeSpan.FromSeconds(60),
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
    });

    private static ChatMessage[] Conversation =>
        [new SystemChatMessage("You are a terse coding assistant."), new UserChatMessage("Write a function that adds two numbers.")];

    [Fact]
    public async Task Dotnet_client_completes_a_chat()
    {
        var chat = Client().GetChatClient("tiny-coder");

        ChatCompletion completion = await chat.CompleteChatAsync(Conversation,
            new ChatCompletionOptions { MaxOutputTokenCount = 8, Temperature = 0 });

        Assert.StartsWith("chatcmpl-", completion.Id, StringComparison.Ordinal);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.Contains(completion.FinishReason, new[] { ChatFinishReason.Stop, ChatFinishReason.Length });
        Assert.InRange(completion.Usage.OutputTokenCount, 1, 8);
        Assert.True(completion.Usage.InputTokenCount > 0);
    }

    [Fact]
    public async Task Dotnet_client_streams_a_chat_with_the_same_text_as_plain()
    {
        var chat = Client().GetChatClient("tiny-coder");
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 8, Temperature = 0 };
        ChatCompletion plain = await chat.CompleteChatAsync(Conversation, options);

        var text = new StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in chat.CompleteChatStreamingAsync(Conversation, options))
        {
            text.Append(string.Concat(update.ContentUpdate.Select(part => part.Text)));
            finish ??= update.FinishReason;
            usage ??= update.Usage;
        }

        Assert.Equal(string.Concat(plain.Content.Select(part => part.Text)), text.ToString());
        Assert.NotNull(finish);
        Assert.True(usage is null || usage.OutputTokenCount > 0);
    }

    [Fact]
    public async Task Dotnet_client_pipeline_completes_and_streams_a_text_completion()
    {
        var pipeline = Client().GetChatClient("tiny-coder").Pipeline;
        var request = new { model = "tiny-coder", prompt = "def add(a, b):", suffix = "\n", max_tokens = 6, temperature = 0 };

        using var plain = Completions(pipeline, request);
        await pipeline.SendAsync(plain);
        Assert.Equal(200, plain.Response!.Status);
        var body = JsonDocument.Parse(plain.Response.Content.ToMemory()).RootElement;
        Assert.Equal("text_completion", body.GetProperty("object").GetString());
        var plainText = body.GetProperty("choices")[0].GetProperty("text").GetString();

        using var streamed = Completions(pipeline, new { request.model, request.prompt, request.suffix, request.max_tokens, request.temperature, stream = true });
        streamed.BufferResponse = false;
        await pipeline.SendAsync(streamed);
        Assert.Equal(200, streamed.Response!.Status);
        var text = new StringBuilder();
        var done = false;
        await foreach (var item in SseParser.Create(streamed.Response.ContentStream!).EnumerateAsync())
        {
            if (item.Data == "[DONE]")
            {
                done = true;
                break;
            }

            var choices = JsonDocument.Parse(item.Data).RootElement.GetProperty("choices");
            if (choices.GetArrayLength() > 0)
            {
                text.Append(choices[0].GetProperty("text").GetString());
            }
        }

        Assert.True(done);
        Assert.Equal(plainText, text.ToString());
    }

    [Fact]
    public async Task Dotnet_client_surfaces_a_bad_request_as_a_client_result_exception_with_the_message()
    {
        var chat = Client().GetChatClient("no-such-model");

        var error = await Assert.ThrowsAsync<ClientResultException>(() =>
            chat.CompleteChatAsync(Conversation, new ChatCompletionOptions { MaxOutputTokenCount = 4 }));

        Assert.Equal(404, error.Status);
        Assert.Contains("no-such-model", error.Message, StringComparison.Ordinal);
    }

    private static ChatTool WeatherTool => ChatTool.CreateFunctionTool("get_weather", "The current weather in a city.",
        BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}"""));

    [Fact]
    public async Task Dotnet_client_completes_a_tool_calling_round_trip()
    {
        var chat = Client().GetChatClient(ScriptedModel.Name);
        var options = new ChatCompletionOptions { Tools = { WeatherTool }, ToolChoice = ChatToolChoice.CreateAutoChoice() };
        List<ChatMessage> messages = [new UserChatMessage("What is the weather in Paris?")];

        ChatCompletion first = await chat.CompleteChatAsync(messages, options);

        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
        var call = Assert.Single(first.ToolCalls);
        Assert.Equal("get_weather", call.FunctionName);
        Assert.Equal("Paris", JsonDocument.Parse(call.FunctionArguments.ToString()).RootElement.GetProperty("city").GetString());

        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(call.Id, """{"temperature":18,"sky":"sunny"}"""));
        ChatCompletion second = await chat.CompleteChatAsync(messages, options);

        Assert.Equal(ChatFinishReason.Stop, second.FinishReason);
        Assert.Equal(ScriptedModel.FinalAnswer, second.Content[0].Text);
    }

    [Fact]
    public async Task Dotnet_client_streams_a_tool_calling_round_trip()
    {
        var chat = Client().GetChatClient(ScriptedModel.Name);
        var options = new ChatCompletionOptions { Tools = { WeatherTool } };
        List<ChatMessage> messages = [new UserChatMessage("What is the weather in Paris?")];

        string? id = null, name = null;
        var arguments = new StringBuilder();
        ChatFinishReason? finish = null;
        await foreach (var update in chat.CompleteChatStreamingAsync(messages, options))
        {
            foreach (var part in update.ToolCallUpdates)
            {
                Assert.Equal(0, part.Index);
                id ??= part.ToolCallId;
                name ??= part.FunctionName;
                arguments.Append(part.FunctionArgumentsUpdate?.ToString());
            }

            finish ??= update.FinishReason;
        }

        Assert.Equal(ChatFinishReason.ToolCalls, finish);
        Assert.Equal("get_weather", name);
        Assert.NotNull(id);
        Assert.Equal("Paris", JsonDocument.Parse(arguments.ToString()).RootElement.GetProperty("city").GetString());

        messages.Add(new AssistantChatMessage([ChatToolCall.CreateFunctionToolCall(id, name, BinaryData.FromString(arguments.ToString()))]));
        messages.Add(new ToolChatMessage(id, """{"temperature":18,"sky":"sunny"}"""));
        var answer = new StringBuilder();
        finish = null;
        await foreach (var update in chat.CompleteChatStreamingAsync(messages, options))
        {
            answer.Append(string.Concat(update.ContentUpdate.Select(part => part.Text)));
            finish ??= update.FinishReason;
        }

        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.Equal(ScriptedModel.FinalAnswer, answer.ToString());
    }

    [Fact]
    public async Task Dotnet_client_asking_for_32000_max_tokens_gets_an_answer_clamped_to_the_context()
    {
        var chat = Client().GetChatClient("tiny-coder");

        ChatCompletion completion = await chat.CompleteChatAsync(Conversation,
            new ChatCompletionOptions { MaxOutputTokenCount = 32_000, Temperature = 0 });

        Assert.Contains(completion.FinishReason, new[] { ChatFinishReason.Stop, ChatFinishReason.Length });
        Assert.True(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount <= 512);
    }

    private PipelineMessage Completions(ClientPipeline pipeline, object body)
    {
        var message = pipeline.CreateMessage();
        message.Request.Method = "POST";
        message.Request.Uri = new Uri(platform.Gateway.BaseAddress(), "/v1/completions");
        message.Request.Headers.Set("Content-Type", "application/json");
        message.Request.Content = BinaryContent.Create(BinaryData.FromObjectAsJson(body));
        return message;
    }
}
