using Dapr.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Platform.ServiceDefaults.Secrets;

/// <summary>Where services read secrets (peppers, tokens): a Dapr secret store when a sidecar runs beside the process, configuration otherwise.</summary>
public interface ISecretStore
{
    /// <summary>The secret's value, or null when it is not set.</summary>
    Task<string?> GetAsync(string name, CancellationToken cancellationToken = default);
}

/// <summary>Reads <c>Secrets:{name}</c> (environment variable <c>Secrets__{name}</c>).</summary>
internal sealed class ConfigurationSecretStore(IConfiguration configuration) : ISecretStore
{
    public Task<string?> GetAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult(configuration[$"Secrets:{name}"] is { Length: > 0 } value ? value : null);
}

/// <summary>Reads secrets from the Dapr secret store named by <c>Dapr:SecretStore</c> (default <c>platform-secrets</c>).</summary>
internal sealed class DaprSecretStore(DaprClient dapr, IConfiguration configuration) : ISecretStore
{
    public async Task<string?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        var store = configuration["Dapr:SecretStore"] ?? "platform-secrets";
        var values = await dapr.GetSecretAsync(store, name, cancellationToken: cancellationToken);
        return values.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
    }
}

public static class SecretStoreExtensions
{
    /// <summary>A Dapr sidecar announces itself through <c>DAPR_GRPC_PORT</c>/<c>DAPR_HTTP_PORT</c>.</summary>
    public static IHostApplicationBuilder AddSecretStore(this IHostApplicationBuilder builder)
    {
        var sidecar = !string.IsNullOrEmpty(builder.Configuration["DAPR_GRPC_PORT"]) || !string.IsNullOrEmpty(builder.Configuration["DAPR_HTTP_PORT"]);
        if (sidecar)
        {
            builder.Services.TryAddSingleton(_ => new DaprClientBuilder().Build());
            builder.Services.TryAddSingleton<ISecretStore, DaprSecretStore>();
        }
        else
        {
            builder.Services.TryAddSingleton<ISecretStore, ConfigurationSecretStore>();
        }

        return builder;
    }
}
