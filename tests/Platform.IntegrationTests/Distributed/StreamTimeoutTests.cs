using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Gateway.Extensions;
using Platform.IntegrationTests.Infrastructure;

namespace Platform.IntegrationTests.Distributed;

/// <summary>A request timeout that fires after a stream began still ends the stream the way OpenAI clients expect.</summary>
[Collection(DistributedPlatformDefinition.Name)]
public sealed class StreamTimeoutTests(DistributedPlatform platform)
{
    [Fact]
    public async Task Timeout_after_streaming_began_ends_with_a_timeout_error_event_and_done()
    {
        var settings = new Dictionary<string, string?>(platform.GatewaySettings) { ["Gateway:RequestTimeout"] = "00:00:03" };
        await using var gateway = await TestHost.StartAsync("gateway-short-timeout", settings,
            builder => builder.AddGateway(), app => app.MapGatewayApi());
        using var client = DistributedPlatform.ClientFor(gateway, platform.ApiKey);
        // Warm the path (bus endpoints, key cache) so that the timeout falls inside the stream, not before it.
        using var warm = await client.PostAsJsonAsync("/v1/completions", new { model = ScriptedModel.Name, prompt = "x", max_tokens = 1 });
        Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        using var message = new HttpRequestMessage(HttpMethod.Post, "/v1/completions")
        {
            // The scripted model writes one piece per 50 ms for prompts with its slow marker: 20 s for 400 pieces.
            Content = JsonContent.Create(new
            {
                model = ScriptedModel.Name, prompt = $"def {ScriptedModel.SlowMarker}loop():", max_tokens = 400, stream = true,
            }),
        };

        using var response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
        var events = await SseReader.ReadDataAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[DONE]", events[^1]);
        var error = JsonDocument.Parse(events[^2]).RootElement.GetProperty("error");
        Assert.Equal("timeout", error.GetProperty("code").GetString());
        Assert.True(events.Count > 2, "text was streamed before the timeout");
        Assert.True(JsonDocument.Parse(events[0]).RootElement.TryGetProperty("choices", out _));
        await gateway.StopAsync();
    }
}
