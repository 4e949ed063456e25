using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.IntegrationTests.Distributed;
using Platform.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace Platform.IntegrationTests.Fuzz;

[Collection(DistributedPlatformDefinition.Name)]
public sealed class BadRequestFuzzTests(DistributedPlatform platform, ITestOutputHelper output)
{
    private const int Seed = 20261127;
    private const int RequiredBadAnswers = 500;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Generated_bad_requests_get_4xx_problem_json_and_never_5xx()
    {
        var generator = new BadRequestGenerator(Seed);
        using var client = platform.CreateClient();
        var failures = new ConcurrentQueue<string>();
        var seen = new ConcurrentDictionary<string, int>();
        var answered4xx = 0;
        var sent = 0;
        var clock = Stopwatch.StartNew();

        // Generated up front from one seed, so a failure reproduces whatever order the requests finish in.
        var requests = Enumerable.Range(0, 620).Select(_ => generator.Next()).ToList();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (request, cancellationToken) =>
        {
            if (clock.Elapsed > Budget)
            {
                return;
            }

            Interlocked.Increment(ref sent);
            using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path) { Content = new ByteArrayContent(request.Body) };
            message.Content.Headers.ContentType = null;
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }

            using var response = await client.SendAsync(message, cancellationToken);
            var status = (int)response.StatusCode;
            seen.AddOrUpdate($"{request.Mutation} → {status}", 1, (_, count) => count + 1);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (status >= 500)
            {
                failures.Enqueue($"{status} for {request}\n  → {body}");
            }
            else if (status >= 400)
            {
                Interlocked.Increment(ref answered4xx);
                if (response.Content.Headers.ContentType?.MediaType != "application/problem+json" || !IsProblem(body, status))
                {
                    failures.Enqueue($"{status} without problem+json ({response.Content.Headers.ContentType}) for {request}\n  → {body}");
                }
            }
        });

        output.WriteLine($"{sent} requests in {clock.Elapsed.TotalSeconds:F1} s, {answered4xx} refused:");
        foreach (var (outcome, count) in seen.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {outcome}: {count}");
        }

        Assert.True(failures.IsEmpty, $"{failures.Count} bad answers of {sent}:\n{string.Join("\n", failures.Take(20))}");
        Assert.True(answered4xx >= RequiredBadAnswers, $"only {answered4xx} of {sent} requests were refused within {Budget}");

        // Still standing: alive, and a good request still works.
        using var http = new HttpClient { BaseAddress = platform.Gateway.BaseAddress() };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        using var good = await client.PostAsJsonAsync("/v1/completions", new { prompt = "x = ", max_tokens = 1 });
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
    }

    [Theory]
    [InlineData("/v1/chat/completions")]
    [InlineData("/v1/code/completions")]
    [InlineData("/v1/code/events")]
    public async Task Missing_key_on_every_new_endpoint_gets_401_problem_json(string path)
    {
        using var client = platform.CreateClient(authenticated: false);

        using var response = await client.PostAsync(path, new StringContent("{}", new MediaTypeHeaderValue("application/json")));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static bool IsProblem(string body, int status)
    {
        try
        {
            var problem = JsonDocument.Parse(body).RootElement;
            return problem.GetProperty("status").GetInt32() == status && problem.TryGetProperty("title", out _);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }
}
