using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace Platform.IntegrationTests.Distributed;

[Collection(DistributedPlatformDefinition.Name)]
public sealed class TracePropagationTests(DistributedPlatform platform)
{
    [Fact]
    public async Task One_trace_spans_gateway_completion_service_and_worker()
    {
        using var client = platform.CreateClient();
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/completions")
        {
            Content = JsonContent.Create(new { prompt = "def trace():", max_tokens = 2, temperature = 0 }),
        };
        // The test is the trace's root, as an editor plugin with tracing would be; HttpClient propagates it.
        using var root = new Activity("editor-request").SetParentId(traceId, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start();
        using var response = await client.SendAsync(request);
        root.Stop();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // Spans are exported as they end: the gateway's server span just after the response is sent, the worker's
        // once it has published the usage event, which may be after the client already has its answer.
        List<Activity> trace = [];
        for (var attempt = 0; attempt < 50; attempt++)
        {
            trace = platform.Spans.Where(span => span.TraceId == traceId).ToList();
            if (trace.Any(span => span.Kind == ActivityKind.Server) && trace.Any(span => span.DisplayName == "generate tiny-coder"))
            {
                break;
            }

            await Task.Delay(100);
        }

        var names = $"spans of trace {traceId}: " + string.Join(", ", trace.Select(span => $"{span.Kind}:{span.DisplayName}"));
        Assert.True(trace.Any(span => span.Kind == ActivityKind.Server && span.DisplayName.Contains("/v1/completions", StringComparison.Ordinal)), names);
        Assert.True(trace.Any(span => span.Kind == ActivityKind.Consumer && span.DisplayName.Contains("code-completion", StringComparison.Ordinal)), names);
        Assert.True(trace.Any(span => span.Kind == ActivityKind.Consumer && span.DisplayName.Contains("model-tiny-coder", StringComparison.Ordinal)), names);
        Assert.True(trace.Any(span => span.DisplayName == "generate tiny-coder"
            && span.GetTagItem("gen_ai.request.model") as string == "tiny-coder"
            && span.GetTagItem("gen_ai.usage.output_tokens") is int), names);
    }
}
