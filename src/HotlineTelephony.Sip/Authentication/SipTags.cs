using System.Security.Cryptography;

namespace HotlineTelephony.Sip.Authentication;

/// <summary>Random To tags for locally generated responses (RFC 3261 §19.3: at least 32 bits of randomness).</summary>
internal static class SipTags
{
    public static string Create() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
