using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace Platform.IntegrationTests.Distributed;

/// <summary>Limits and revocations hold across gateway replicas sharing Redis, PostgreSQL and the bus.</summary>
[Collection(DistributedPlatformDefinition.Name)]
public sealed class TwoGatewayLimitTests(DistributedPlatform platform)
{
    private static readonly object OneToken = new { prompt = "x", max_tokens = 1, temperature = 0 };

    [Fact]
    public async Task Key_limited_to_10_requests_per_minute_gets_exactly_10_successes_across_both_gateways()
    {
        using var admin = new AdminClient(platform.Gateway, platform.AdminToken);
        var tenant = await admin.CreateTenantAsync(new { requests_per_minute_per_key = 10 });
        var (_, key) = await admin.IssueKeyAsync(tenant);
        using var first = DistributedPlatform.ClientFor(platform.Gateway, key);
        using var second = DistributedPlatform.ClientFor(platform.SecondGateway, key);

        var responses = await Task.WhenAll(Enumerable.Range(0, 16)
            .Select(i => (i % 2 == 0 ? first : second).PostAsJsonAsync("/v1/completions", OneToken)));

        Assert.Equal(10, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(6, refused.Count);
        Assert.All(refused, response =>
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            Assert.Equal("10", response.Headers.GetValues("x-ratelimit-limit-requests").Single());
            Assert.Equal("0", response.Headers.GetValues("x-ratelimit-remaining-requests").Single());
        });
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Revoked_key_is_refused_by_both_gateways_within_one_second()
    {
        using var admin = new AdminClient(platform.Gateway, platform.AdminToken);
        var tenant = await admin.CreateTenantAsync(new { requests_per_minute_per_key = 0 });
        var (keyId, key) = await admin.IssueKeyAsync(tenant);
        using var first = DistributedPlatform.ClientFor(platform.Gateway, key);
        using var second = DistributedPlatform.ClientFor(platform.SecondGateway, key);
        // Both replicas have now cached the key as valid: the hard case for revocation.
        Assert.Equal(HttpStatusCode.OK, (await first.PostAsJsonAsync("/v1/completions", OneToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.PostAsJsonAsync("/v1/completions", OneToken)).StatusCode);

        using var revoked = await admin.RevokeAsync(tenant, keyId);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        var clock = Stopwatch.StartNew();

        foreach (var client in new[] { first, second })
        {
            HttpStatusCode status;
            do
            {
                using var response = await client.GetAsync("/v1/models");
                status = response.StatusCode;
                if (status != HttpStatusCode.Unauthorized)
                {
                    await Task.Delay(20);
                }
            }
            while (status != HttpStatusCode.Unauthorized && clock.Elapsed < TimeSpan.FromSeconds(1));

            Assert.Equal(HttpStatusCode.Unauthorized, status);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"took {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Tenant_keys_never_open_the_admin_api_and_admin_tokens_never_open_the_public_api()
    {
        using var tenantClient = platform.CreateClient();
        using var adminClient = DistributedPlatform.ClientFor(platform.Gateway, platform.AdminToken);

        using var adminWithTenantKey = await tenantClient.GetAsync("/admin/v1/tenants");
        using var publicWithAdminToken = await adminClient.PostAsJsonAsync("/v1/completions", OneToken);

        Assert.Equal(HttpStatusCode.Unauthorized, adminWithTenantKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, publicWithAdminToken.StatusCode);
    }
}
