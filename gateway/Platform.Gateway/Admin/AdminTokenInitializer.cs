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

    /// <summary>The admin console's own credential, distinct from the operators' admin token.</summary>
    public const string ConsoleSecret = "AdminConsoleToken";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configured = await secrets.GetAsync(Secret, cancellationToken);
        var console = await secrets.GetAsync(ConsoleSecret, cancellationToken);
        if (configured is not null)
        {
            tokens.Use(AdminTokens.Hash(Validated(Secret, configured)));
        }

        if (console is not null)
        {
            tokens.UseConsole(AdminTokens.Hash(Validated(ConsoleSecret, console)));
        }

        if (configured is not null)
        {
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

    private static string Validated(string secret, string token) =>
        token.StartsWith(AdminTokens.Prefix, StringComparison.Ordinal) && token.Length >= AdminTokens.Prefix.Length + 16
            ? token
            : throw new InvalidOperationException($"The secret '{secret}' must start with {AdminTokens.Prefix} followed by at least 16 characters.");

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
