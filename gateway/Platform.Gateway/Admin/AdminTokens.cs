using System.Security.Cryptography;
using System.Text;

namespace Platform.Gateway.Admin;

/// <summary>The admin token's SHA-256, loaded at start-up (see <see cref="AdminTokenInitializer"/>).</summary>
internal sealed class AdminTokens
{
    public const string Prefix = "sk-admin-";
    private byte[]? _hash;

    public bool Configured => _hash is not null;

    public void Use(byte[] hash) => _hash = hash;

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public bool Matches(string token) =>
        _hash is not null
        && token.StartsWith(Prefix, StringComparison.Ordinal)
        && CryptographicOperations.FixedTimeEquals(_hash, Hash(token));
}
