using System.Globalization;
using System.Net;

namespace Platform.Retrieval.Web;

/// <summary>Resolves a host name to its addresses; DNS in production, a fixed table in tests.</summary>
internal interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

internal sealed class DnsHostResolver : IHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(host, cancellationToken);
}

/// <summary>
/// A URL host as an IP literal, in every spelling a resolver or browser accepts: dotted, bracketed IPv6, and the
/// inet_aton forms — one to four parts, each decimal, hex (0x…) or octal (leading 0): <c>2130706433</c>,
/// <c>0x7f.1</c>, <c>0177.0.0.1</c> all mean 127.0.0.1.
/// </summary>
internal static class HostAddresses
{
    public static IPAddress? Literal(string host)
    {
        var text = host.Trim().TrimEnd('.');
        if (text.StartsWith('[') && text.EndsWith(']'))
        {
            text = text[1..^1];
        }

        var zone = text.IndexOf('%', StringComparison.Ordinal);
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(zone > 0 ? text[..zone] : text, out var v6) ? v6 : null;
        }

        var parts = text.Split('.');
        if (parts.Length is < 1 or > 4)
        {
            return null;
        }

        var values = new ulong[parts.Length];
        for (var index = 0; index < parts.Length; index++)
        {
            if (!TryPart(parts[index], out values[index]))
            {
                return null;
            }
        }

        // The last part fills the remaining bytes (a.b.c.d, a.b.16bits, a.24bits, 32bits).
        ulong value = 0;
        for (var index = 0; index < parts.Length - 1; index++)
        {
            if (values[index] > 255)
            {
                return null;
            }

            value |= values[index] << (8 * (3 - index));
        }

        var last = values[^1];
        if (last >= 1UL << (8 * (5 - parts.Length)))
        {
            return null;
        }

        value |= last;
        return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
    }

    private static bool TryPart(string part, out ulong value)
    {
        value = 0;
        if (part.Length == 0)
        {
            return false;
        }

        if (part.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return part.Length == 2 || ulong.TryParse(part.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }

        if (part.Length > 1 && part[0] == '0')
        {
            foreach (var digit in part.AsSpan(1))
            {
                if (digit is < '0' or > '7' || value > (ulong.MaxValue >> 3))
                {
                    return false;
                }

                value = (value * 8) + (ulong)(digit - '0');
            }

            return true;
        }

        return part.All(char.IsAsciiDigit) && ulong.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
