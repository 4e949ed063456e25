using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace Platform.IntegrationTests.Distributed;

/// <summary>The overview's refusal counts (the admin console's refusal rate) cover every gateway replica sharing Redis.</summary>
[Collection(DistributedPlatformDefinition.Name)]
public sealed class TwoGatewayRefusalTests(DistributedPlatform platform)
{
    [Fact]
    public async Task Refusals_at_either_gateway_show_in_the_overview_of_both_within_seconds()
    {
        using var firstAdmin = DistributedPlatform.ClientFor(platform.Gateway, platform.AdminToken);
        using var secondAdmin = DistributedPlatform.ClientFor(platform.SecondGateway, platform.AdminToken);
        var before = await UnauthorizedAsync(firstAdmin);
        using var first = DistributedPlatform.ClientFor(platform.Gateway, "sk-plat-not-a-key-00000000000000000000");
        using var second = DistributedPlatform.ClientFor(platform.SecondGateway, "sk-plat-not-a-key-00000000000000000000");

        foreach (var client in new[] { first, first, first, second, second })
        {
            using var refused = await client.GetAsync("/v1/models");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        // Each replica adds its counts to Redis every 3 s; both overviews read the sum.
        var clock = Stopwatch.StartNew();
        foreach (var admin in new[] { firstAdmin, secondAdmin })
        {
            long seen;
            while ((seen = await UnauthorizedAsync(admin) - before) < 5 && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(200);
            }

            Assert.True(seen >= 5, $"{seen} of the 5 refusals counted after {clock.ElapsedMilliseconds} ms");
        }
    }

    private static async Task<long> UnauthorizedAsync(HttpClient admin)
    {
        using var response = await admin.GetAsync("/admin/v1/overview?minutes=60");
        response.EnsureSuccessStatusCode();
        using var overview = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var edge = overview.RootElement.GetProperty("edge");
        Assert.True(edge.GetProperty("shared").GetBoolean(), "the counts are the fleet's, from Redis");
        return edge.GetProperty("unauthorized").GetInt64();
    }
}
