using System.Net;
using System.Text.Json;

namespace Platform.Gateway.Tests.Admin;

public sealed class AdminTokenAuthenticationHandlerTests
{
    private static readonly Uri Plans = new("/admin/v1/plans", UriKind.Relative);

    [Theory]
    [InlineData("Bearer sk-plat-Zm9vYmFyYmF6cXV4MDEyMzQ1Njc4OWFiY2RlZg")]
    [InlineData("Bearer sk-admin-Zm9vYmFyYmF6cXV4MDEyMzQ1Njc4OWFiY2RlZw")]
    [InlineData("Bearer ")]
    [InlineData("Basic c2stYWRtaW4tWm05dllt")]
    [InlineData("sk-admin-Zm9vYmFyYmF6cXV4MDEyMzQ1Njc4OWFiY2RlZg")]
    [InlineData(null)]
    public async Task Anything_but_the_admin_token_is_refused_with_a_problem(string? authorization)
    {
        await using var host = await AdminApiHost.StartAsync();

        using var response = await GetPlansAsync(host, authorization);

        await AssertRefusedAsync(response);
    }

    [Fact]
    public async Task Admin_token_is_accepted_with_a_bearer_scheme_in_any_case()
    {
        await using var host = await AdminApiHost.StartAsync();

        using var response = await GetPlansAsync(host, "bearer " + AdminApiHost.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("[]", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Without_a_configured_admin_token_the_admin_api_stays_closed()
    {
        await using var host = await AdminApiHost.StartAsync(tokenConfigured: false);

        using var response = await GetPlansAsync(host, "Bearer " + AdminApiHost.Token);

        await AssertRefusedAsync(response);
    }

    private static async Task<HttpResponseMessage> GetPlansAsync(AdminApiHost host, string? authorization)
    {
        host.Client.DefaultRequestHeaders.Authorization = null;
        using var request = new HttpRequestMessage(HttpMethod.Get, Plans);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await host.Client.SendAsync(request);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("admin_auth_required", problem.RootElement.GetProperty("code").GetString());
    }
}
