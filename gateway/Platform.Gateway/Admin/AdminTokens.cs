using System.Security.Cryptography;
using System.Text;

namespace Platform.Gateway.Admin;

/// <summary>
/// The SHA-256 of the admin token and of the admin console's own token, loaded at start-up
/// (see <see cref="AdminTokenInitializer"/>).
/// </summary>
internal sealed class AdminTokens
{
    public const string Prefix = "sk-admin-";
    private byte[]? _hash;
    private byte[]? _consoleHash;

    public bool Configured => _hash is not null || _consoleHash is not null;

    public void Use(byte[] hash) => _hash = hash;

    /// <summary>The console's credential: an admin token that may also name the person acting through the console.</summary>
    public void UseConsole(byte[] hash) => _consoleHash = hash;

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public bool Matches(string token) => Match(token) is not null;

    /// <summary>Which credential the token is, or null for none.</summary>
    public AdminCredential? Match(string token)
    {
        if (!token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var hash = Hash(token);
        if (_hash is not null && CryptographicOperations.FixedTimeEquals(_hash, hash))
        {
            return AdminCredential.AdminToken;
        }

        return _consoleHash is not null && CryptographicOperations.FixedTimeEquals(_consoleHash, hash) ? AdminCredential.Console : null;
    }
}

internal enum AdminCredential
{
    AdminToken,
    Console,
}
