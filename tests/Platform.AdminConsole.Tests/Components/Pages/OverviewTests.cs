using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Platform.AdminConsole.Components.Pages;
using Platform.AdminConsole.Gateway;

namespace Platform.AdminConsole.Tests.Components.Pages;

public sealed class OverviewTests(GatewayAdminApi gateway) : IClassFixture<GatewayAdminApi>
{
    [Fact]
    public async Task Refusal_rate_counts_the_gateways_401_and_403_answers_beside_the_error_rate()
    {
        await using var context = new ConsoleTestContext(gateway.AdminApi);
        var root = new Uri(gateway.AdminApi, "/");
        // The engine's metrics come from the gateway's address here; this gateway has no /metrics, which the page reports.
        var options = Options.Create(new AdminConsoleOptions { GatewayUrl = root.ToString(), GatewayToken = GatewayAdminApi.ConsoleToken });
        context.Services.AddHttpClient();
        context.Services.AddSingleton(new GatewayAddress(options, server: null!));
        context.Services.AddSingleton<IOptions<AdminConsoleOptions>>(options);
        context.Services.AddScoped<FleetMetrics>();
        await context.Api.SaveTenantAsync("refused", "Refused", null);
        var key = await context.Api.IssueKeyAsync("refused", "no-events", ["completions"], null);
        using var http = new HttpClient { BaseAddress = root };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("v1/models")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(http, "sk-plat-not-a-key-000000000000000000", "v1/models")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Send(http, key.Key, "v1/models")).StatusCode);
        using (var noScope = new HttpRequestMessage(HttpMethod.Post, "v1/code/events") { Content = JsonContent.Create(new { type = "view", completion_id = "cmpl-1", language = "python" }) })
        {
            noScope.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key.Key);
            Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(noScope)).StatusCode);
        }

        context.RenderProviders();

        var page = context.Render<Overview>();

        page.WaitForAssertion(() => Assert.Equal("75.0 %", page.Find("[data-testid=refusal-rate]").TextContent.Trim()));
        Assert.Equal("401 2 · 403 1 · 429 0 of 4 (this process)", page.Find("[data-testid=refusal-rate-detail]").TextContent.Trim());
        Assert.Equal("0.0 %", page.Find("[data-testid=error-rate]").TextContent.Trim());
    }

    private static Task<HttpResponseMessage> Send(HttpClient http, string key, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http.SendAsync(request);
    }
}
