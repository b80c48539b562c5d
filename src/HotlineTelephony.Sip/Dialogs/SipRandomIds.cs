using System.Security.Cryptography;
using HotlineTelephony.Sip.Messages;

namespace HotlineTelephony.Sip.Dialogs;

/// <summary>
/// Tags, Call-IDs and branches. They must be globally unique and unguessable (§19.3), so they come from the
/// cryptographic generator rather than <see cref="Random"/>.
/// </summary>
public static class SipRandomIds
{
    public static string NewTag() => Hex(6);

    public static string NewCallId() => Hex(12);

    public static string NewBranch() => ViaHeader.MagicCookie + Hex(9);

    private static string Hex(int bytes)
    {
        Span<byte> buffer = stackalloc byte[bytes];
        RandomNumberGenerator.Fill(buffer);
        return Convert.ToHexStringLower(buffer);
    }
}
