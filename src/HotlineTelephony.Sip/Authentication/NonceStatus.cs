namespace HotlineTelephony.Sip.Authentication;

/// <summary>What <see cref="NonceService.Validate"/> found; the default value is the safe one.</summary>
public enum NonceStatus
{
    /// <summary>Not issued by any node sharing our secret, for this realm: tampered, truncated or foreign.</summary>
    Invalid = 0,

    /// <summary>Ours and within its lifetime.</summary>
    Valid,

    /// <summary>Ours but expired: re-challenge with <c>stale=true</c> if the digest was otherwise right.</summary>
    Stale,
}
