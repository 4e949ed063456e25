using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.IntegrationTests.Distributed;

/// <summary>
/// A request answered in one piece costs one message back from the worker, however long the answer; a streamed one
/// gets its text as it is generated. Seen through the bus's own spans on the gateway.
/// </summary>
[Collection(DistributedPlatformDefinition.Name)]
public sealed class DeltaMessageTests(DistributedPlatform platform)
{
    [Fact]
    public async Task A_completion_that_is_not_streamed_arrives_as_one_finish_with_all_its_text()
    {
        var (text, deltas, finishes) = await CompleteAsync(stream: false);

        Assert.NotEmpty(text);
        Assert.Equal(0, deltas);
        Assert.Equal(1, finishes);
    }

    [Fact]
    public async Task A_streamed_completion_arrives_as_deltas_then_a_finish()
    {
        var (text, deltas, finishes) = await CompleteAsync(stream: true);

        Assert.NotEmpty(text);
        Assert.True(deltas >= 2, $"{deltas} delta messages");
        Assert.Equal(1, finishes);
    }

    private async Task<(string Text, int Deltas, int Finishes)> CompleteAsync(bool stream)
    {
        using var client = platform.CreateClient();
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions")
        {
            Content = JsonContent.Create(new { prompt = "def count():", max_tokens = 6, temperature = 0, stream }),
        };
        using var root = new Activity("editor-request").SetParentId(traceId, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start();
        using var response = await client.SendAsync(request);
        root.Stop();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var text = stream
            ? string.Concat(body.Split('\n').Where(line => line.StartsWith("data: {", StringComparison.Ordinal))
                .Select(line => JsonDocument.Parse(line[6..]).RootElement.GetProperty("choices")[0].GetProperty("text").GetString()))
            : JsonDocument.Parse(body).RootElement.GetProperty("choices")[0].GetProperty("text").GetString()!;

        // The gateway's receive spans end as each message is handled, before the response can complete. Every host in
        // this process exports every span, so messages are counted by their ids.
        var received = platform.Spans.Where(span => span.TraceId == traceId && span.Kind == ActivityKind.Consumer
            && span.GetTagItem("messaging.operation") as string == "receive").ToList();
        int Count(string messageType) => received
            .Where(span => span.GetTagItem("messaging.masstransit.message_types") is string types && types.EndsWith(messageType, StringComparison.Ordinal))
            .Select(span => span.GetTagItem("messaging.masstransit.message_id"))
            .Distinct()
            .Count();
        return (text, Count(":GenerationDelta"), Count(":GenerationFinished"));
    }
}
