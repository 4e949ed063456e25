using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.Gateway.Admin;
using Platform.Gateway.ApiKeys;
using Platform.Gateway.Extensions;
using Platform.Gateway.Tests.Data;

namespace Platform.Gateway.Tests.ApiKeys;

/// <summary>The gateway's authentication as it maps it, on Kestrel at a loopback port, in front of one protected endpoint.</summary>
public sealed class KeyLookupLimitTests : IAsyncLifetime, IDisposable
{
    private readonly KeyLookupCounter _lookups = new();
    private TemporaryGatewayStore _store = null!;
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _store = await TemporaryGatewayStore.CreateAsync();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddKeyValidationDependencies(_store, _lookups, options =>
        {
            options.KeyLookupBurstPerAddress = 20;
            options.KeyLookupsPerSecondPerAddress = 1;
        });
        builder.Services.AddHostedService(services => services.GetRequiredService<ApiKeyHasher>());
        builder.Services.AddSingleton<AdminTokens>();
        builder.Services.AddProblemDetails();
        builder.Services.AddGatewayAuthentication();
        _app = builder.Build();
        _app.UseGatewayAuthentication();
        _app.MapGet("/v1/ping", () => "pong").RequireAuthorization();
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()) };
    }

    public void Dispose() => _client.Dispose();

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _store.DisposeAsync();
    }

    [Fact]
    public async Task Random_keys_from_one_address_get_429_once_its_lookups_are_spent_while_a_cached_key_still_passes()
    {
        var key = await GatewayKeyServices.IssueKeyAsync(_store, _app.Services.GetRequiredService<ApiKeyHasher>());
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(key));

        var refused = new List<HttpResponseMessage>();
        var unauthorized = 0;
        for (var i = 0; i < 60; i++)
        {
            var response = await SendAsync(ApiKeyFormat.NewKey());
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused.Add(response);
            }
            else
            {
                Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
                unauthorized++;
                response.Dispose();
            }
        }

        Assert.InRange(unauthorized, 19, 25); // the burst, less the valid key's one lookup, plus what refilled meanwhile
        Assert.True(_lookups.Count <= 1 + unauthorized, $"{_lookups.Count} key lookups for {unauthorized} keys let through.");
        var first = refused[0];
        Assert.Equal("application/problem+json", first.Content.Headers.ContentType?.MediaType);
        Assert.InRange(int.Parse(first.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        using var problem = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        Assert.Equal("too_many_key_lookups", problem.RootElement.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(key));
        refused.ForEach(response => response.Dispose());
    }

    [Fact]
    public async Task Requests_without_a_key_are_not_counted_against_the_address()
    {
        for (var i = 0; i < 40; i++)
        {
            using var response = await _client.GetAsync("/v1/ping");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.Equal(0, _lookups.Count);
    }

    private async Task<HttpStatusCode> StatusAsync(string key)
    {
        using var response = await SendAsync(key);
        return response.StatusCode;
    }

    private Task<HttpResponseMessage> SendAsync(string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/ping");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return _client.SendAsync(request);
    }
}
