using System.Net;
using System.Net.Sockets;

namespace HotlineTelephony.Server.Options;

/// <summary>Shared checks for the option validators.</summary>
internal static class OptionsText
{
    /// <summary>
    /// Strict IP literal: <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> alone accepts "1" or "10.1"
    /// as IPv4, which is never what someone writing a trunk address means.
    /// </summary>
    public static bool IsIpAddress(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || !IPAddress.TryParse(value, out var address))
        {
            return false;
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6 || value.Count(static c => c == '.') == 3;
    }

    /// <summary>An IP literal or a CIDR block such as "203.0.113.0/28" (host bits must be zero).</summary>
    public static bool IsIpAddressOrCidr(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        int slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return IsIpAddress(value);
        }

        return IsIpAddress(value[..slash]) && IPNetwork.TryParse(value, out _);
    }

    /// <summary>Characters safe in a SIP URI user part without escaping (a subset of RFC 3261 "unreserved").</summary>
    public static bool IsSimpleUserPart(string? value) =>
        !string.IsNullOrEmpty(value) && value.All(static c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '+');
}
