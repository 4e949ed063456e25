using System.Security.Cryptography;
using System.Text;

namespace Platform.Gateway.ApiKeys;

/// <summary>
/// Keys look like <c>sk-plat-</c> + 43 URL-safe characters (256 random bits): the fixed prefix lets secret
/// scanners find leaked keys. The store keeps a SHA-256 of the key (enough for 256-bit secrets) and a short prefix.
/// </summary>
internal static class ApiKeyFormat
{
    public const string Prefix = "sk-plat-";
    private const int PublicPrefixLength = 12;

    public static string NewKey() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static bool LooksLikeKey(string candidate) =>
        candidate.StartsWith(Prefix, StringComparison.Ordinal) && candidate.Length is >= 24 and <= 128;

    public static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string PublicPrefix(string key) => key[..Math.Min(PublicPrefixLength, key.Length)];

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
