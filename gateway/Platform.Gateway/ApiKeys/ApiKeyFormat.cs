using System.Security.Cryptography;

namespace Platform.Gateway.ApiKeys;

/// <summary>
/// Keys look like <c>sk-plat-</c> + 43 URL-safe characters (256 random bits): the fixed prefix lets secret scanners
/// find leaked keys. The first <see cref="PublicPrefixLength"/> characters are the key's public, unique lookup prefix.
/// </summary>
internal static class ApiKeyFormat
{
    public const string Prefix = "sk-plat-";
    public const int PublicPrefixLength = 16;

    public static string NewKey() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static bool LooksLikeKey(string candidate) =>
        candidate.StartsWith(Prefix, StringComparison.Ordinal) && candidate.Length is >= 24 and <= 128;

    public static string PublicPrefix(string key) => key[..Math.Min(PublicPrefixLength, key.Length)];

    public static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
