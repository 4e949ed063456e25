using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace Platform.IntegrationTests.Retrieval;

/// <summary>
/// A RabbitMQ virtual host of one fixture's own on the shared test broker, made and removed through the management API
/// (<c>PLATFORM_TEST_RABBITMQ_MANAGEMENT</c>, which infra/local-servers.sh exports): another fixture's services,
/// running in parallel and consuming the same queue names (code-completion, chat, model-…), never take its messages.
/// Without a management URL (containers started for this fixture alone) the broker is already its own.
/// </summary>
internal sealed class OwnVirtualHost : IAsyncDisposable
{
    private readonly HttpClient? _management;
    private readonly string _name;

    private OwnVirtualHost(HttpClient? management, string name, string connectionString)
    {
        _management = management;
        _name = name;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<OwnVirtualHost> CreateAsync(string amqp)
    {
        var managementUrl = Environment.GetEnvironmentVariable("PLATFORM_TEST_RABBITMQ_MANAGEMENT");
        if (string.IsNullOrEmpty(managementUrl))
        {
            return new OwnVirtualHost(null, "", amqp);
        }

        var broker = new Uri(amqp);
        var user = Uri.UnescapeDataString(broker.UserInfo.Split(':', 2)[0]);
        var http = new HttpClient { BaseAddress = new Uri(managementUrl), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(broker.UserInfo))));
        var name = $"grounded-{Guid.NewGuid():N}";
        var host = new OwnVirtualHost(http, name, new UriBuilder(broker) { Path = "/" + name }.Uri.AbsoluteUri);
        (await http.PutAsync($"/api/vhosts/{host._name}", null)).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync($"/api/permissions/{host._name}/{Uri.EscapeDataString(user)}",
            new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        if (_management is null)
        {
            return;
        }

        try
        {
            using var deleted = await _management.DeleteAsync($"/api/vhosts/{_name}");
        }
        catch (HttpRequestException)
        {
        }

        _management.Dispose();
    }
}
