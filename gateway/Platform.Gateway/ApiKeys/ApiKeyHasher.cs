using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Secrets;

namespace Platform.Gateway.ApiKeys;

/// <summary>
/// Hashes keys with HMAC-SHA256 under a pepper from the secret store (<c>ApiKeyPepper</c>), so a stolen database
/// alone cannot confirm a guessed key. The embedded topology keeps a generated pepper in its data directory; the
/// distributed one must be given the same pepper on every replica, and refuses to start without it.
/// </summary>
internal sealed class ApiKeyHasher(ISecretStore secrets, IConfiguration configuration) : IHostedService
{
    public const string PepperSecret = "ApiKeyPepper";
    private byte[]? _pepper;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configured = await secrets.GetAsync(PepperSecret, cancellationToken);
        if (configured is { Length: > 0 })
        {
            _pepper = Encoding.UTF8.GetBytes(configured);
            return;
        }

        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString("postgres")))
        {
            throw new InvalidOperationException(
                $"The secret '{PepperSecret}' is required when the gateway runs on PostgreSQL (every replica must hash keys alike). " +
                $"Set Secrets__{PepperSecret} or provide it through the Dapr secret store.");
        }

        _pepper = await LocalPepperAsync(PlatformDataDirectory.Resolve(configuration), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public string Hash(string key)
    {
        var pepper = _pepper ?? throw new InvalidOperationException("The API key pepper is not loaded yet.");
        return Convert.ToHexStringLower(HMACSHA256.HashData(pepper, Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>Compares two hex hashes in time independent of where they differ.</summary>
    public static bool Matches(string expectedHex, string actualHex) =>
        expectedHex.Length == actualHex.Length
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expectedHex), Encoding.ASCII.GetBytes(actualHex));

    private static async Task<byte[]> LocalPepperAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(dataDirectory, "secrets");
        var file = Path.Combine(directory, "api-key-pepper");
        if (File.Exists(file))
        {
            return Encoding.UTF8.GetBytes((await File.ReadAllTextAsync(file, cancellationToken)).Trim());
        }

        Directory.CreateDirectory(directory);
        var pepper = ApiKeyFormat.Base64Url(RandomNumberGenerator.GetBytes(32));
        await File.WriteAllTextAsync(file, pepper, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return Encoding.UTF8.GetBytes(pepper);
    }
}
