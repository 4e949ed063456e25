using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.IntegrationTests.Distributed;

[Collection(DistributedPlatformDefinition.Name)]
public sealed class UsageMeteringTests(DistributedPlatform platform)
{
    [Fact]
    public async Task Usage_records_equal_the_requests_made_with_their_token_counts_across_a_gateway_restart()
    {
        using var admin = new AdminClient(platform.Gateway, platform.AdminToken);
        var tenant = await admin.CreateTenantAsync(new { requests_per_minute_per_key = 0 });
        var (keyId, key) = await admin.IssueKeyAsync(tenant);
        var prompt = 0L;
        var completion = 0L;
        var requests = 0;

        async Task RunAsync(Microsoft.AspNetCore.Builder.WebApplication gateway, int count)
        {
            using var client = DistributedPlatform.ClientFor(gateway, key);
            for (var i = 0; i < count; i++)
            {
                using var response = await client.PostAsJsonAsync("/v1/completions", new { prompt = $"def f{i}(x):", max_tokens = 1 + i % 4 });
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var usage = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("usage");
                Interlocked.Add(ref prompt, usage.GetProperty("prompt_tokens").GetInt32());
                Interlocked.Add(ref completion, usage.GetProperty("completion_tokens").GetInt32());
                Interlocked.Increment(ref requests);
            }
        }

        // A steady stream through the first gateway while another replica is stopped and replaced mid-run.
        var steady = RunAsync(platform.Gateway, 12);
        var replica = await platform.StartGatewayAsync();
        await RunAsync(replica, 6);
        await replica.StopAsync();
        await replica.DisposeAsync();
        var restarted = await platform.StartGatewayAsync();
        await RunAsync(restarted, 6);
        await steady;
        await restarted.StopAsync();
        await restarted.DisposeAsync();

        // Usage is eventually complete, not fast: a busy machine can hold a replica's last batch for seconds.
        JsonElement row = default;
        for (var attempt = 0; attempt < 300; attempt++)
        {
            var usage = await admin.UsageAsync(tenant, "key");
            var rows = usage.GetProperty("data").EnumerateArray().ToList();
            row = rows.FirstOrDefault(r => r.GetProperty("key").GetString() == keyId);
            if (row.ValueKind == JsonValueKind.Object && row.GetProperty("requests").GetInt32() >= requests)
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal(24, requests);
        Assert.Equal(requests, row.GetProperty("requests").GetInt32());
        Assert.Equal(prompt, row.GetProperty("promptTokens").GetInt64());
        Assert.Equal(completion, row.GetProperty("completionTokens").GetInt64());
    }
}
