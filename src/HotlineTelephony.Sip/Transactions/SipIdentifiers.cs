using System.Security.Cryptography;

namespace HotlineTelephony.Sip.Transactions;

/// <summary>Branch ids and tags: random enough to be unique "across space and time" (§8.1.1.7, §19.3).</summary>
internal static class SipIdentifiers
{
    public static string NewBranch() => Messages.ViaHeader.MagicCookie + RandomNumberGenerator.GetHexString(20, lowercase: true);

    public static string NewTag() => RandomNumberGenerator.GetHexString(12, lowercase: true);
}
