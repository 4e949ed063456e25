using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Platform.ServiceDefaults.Secrets;

namespace Platform.Retrieval.Repositories;

/// <summary>
/// Seals tenants' git access tokens with AES-256-GCM before the catalog writes them to the data volume, bound to the
/// tenant and repository (a sealed token copied into another tenant's catalog does not open). The key is the secret
/// <c>RepositoryTokenKey</c> (32 bytes, base64) from the secret store; without one, a key generated once in
/// <c>&lt;retrieval dir&gt;/secrets/</c> (owner-only), outside the tenant folders that backups and moves copy.
/// </summary>
internal sealed class AccessTokenSeal(ISecretStore secrets, TenantFolders folders) : IHostedService
{
    public const string KeySecret = "RepositoryTokenKey";
    private const string Version = "v1:";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private byte[]? _key;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await secrets.GetAsync(KeySecret, cancellationToken) is { Length: > 0 } configured)
        {
            _key = Convert.TryFromBase64String(configured, new byte[32], out var length) && length == 32
                ? Convert.FromBase64String(configured)
                : throw new InvalidOperationException($"The secret '{KeySecret}' must be 32 random bytes in base64 (openssl rand -base64 32).");
            return;
        }

        _key = await LocalKeyAsync(folders.Root, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public string Seal(string token, string tenantId, string repositoryId)
    {
        var plain = Encoding.UTF8.GetBytes(token);
        var sealedBytes = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(Key, TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes, plain.Length), sealedBytes.AsSpan(NonceBytes + plain.Length), Binding(tenantId, repositoryId));
        return Version + Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The token, or null when the sealed value was not made with this key for this repository.</summary>
    public string? Unseal(string sealedToken, string tenantId, string repositoryId)
    {
        if (!sealedToken.StartsWith(Version, StringComparison.Ordinal))
        {
            return null;
        }

        var sealedBytes = Convert.FromBase64String(sealedToken[Version.Length..]);
        if (sealedBytes.Length < NonceBytes + TagBytes)
        {
            return null;
        }

        var plain = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        try
        {
            using var aes = new AesGcm(Key, TagBytes);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes, plain.Length),
                sealedBytes.AsSpan(NonceBytes + plain.Length), plain, Binding(tenantId, repositoryId));
            return Encoding.UTF8.GetString(plain);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    private byte[] Key => _key ?? throw new InvalidOperationException("The repository token key is not loaded yet.");

    private static byte[] Binding(string tenantId, string repositoryId) => Encoding.UTF8.GetBytes($"{tenantId}\n{repositoryId}");

    private static async Task<byte[]> LocalKeyAsync(string retrievalDirectory, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(retrievalDirectory, "secrets");
        var file = Path.Combine(directory, "repository-token-key");
        if (File.Exists(file))
        {
            return Convert.FromBase64String((await File.ReadAllTextAsync(file, cancellationToken)).Trim());
        }

        Directory.CreateDirectory(directory);
        var key = RandomNumberGenerator.GetBytes(32);
        await File.WriteAllTextAsync(file, Convert.ToBase64String(key), cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return key;
    }
}
