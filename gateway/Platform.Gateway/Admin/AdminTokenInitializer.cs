using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Platform.Gateway.ApiKeys;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Secrets;

namespace Platform.Gateway.Admin;

/// <summary>
/// Loads the admin token from the secret store (<c>AdminToken</c>). The embedded topology, given none, generates
/// one at first start, keeps only its hash in the data directory and prints it once. A distributed gateway without
/// one keeps the admin API closed.
/// </summary>
internal sealed class AdminTokenInitializer(
    ISecretStore secrets, IConfiguration configuration, AdminTokens tokens, ILogger<AdminTokenInitializer> logger) : IHostedService
{
    public const string Secret = "AdminToken";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configured = await secrets.GetAsync(Secret, cancellationToken);
        if (configured is not null)
        {
            if (!configured.StartsWith(AdminTokens.Prefix, StringComparison.Ordinal) || configured.Length < AdminTokens.Prefix.Length + 16)
            {
                throw new InvalidOperationException($"The secret '{Secret}' must start with {AdminTokens.Prefix} followed by at least 16 characters.");
            }

            tokens.Use(AdminTokens.Hash(configured));
            return;
        }

        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString("postgres")))
        {
            logger.LogWarning("No '{Secret}' secret is set: the admin API stays closed.", Secret);
            return;
        }

        var file = Path.Combine(PlatformDataDirectory.Resolve(configuration), "secrets", "admin-token.sha256");
        if (File.Exists(file))
        {
            tokens.Use(Convert.FromHexString((await File.ReadAllTextAsync(file, cancellationToken)).Trim()));
            return;
        }

        var token = AdminTokens.Prefix + ApiKeyFormat.Base64Url(RandomNumberGenerator.GetBytes(32));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, Convert.ToHexStringLower(AdminTokens.Hash(token)), cancellationToken);
        tokens.Use(AdminTokens.Hash(token));
        Console.WriteLine("  Admin token for /admin/v1 (shown once, store it now):");
        Console.WriteLine($"    {token}");
        Console.WriteLine();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
