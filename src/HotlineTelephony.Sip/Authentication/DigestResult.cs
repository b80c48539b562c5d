namespace HotlineTelephony.Sip.Authentication;

/// <summary>Outcome of <see cref="DigestVerifier.Verify"/>; the default value is the safe one.</summary>
public enum DigestResult
{
    /// <summary>Wrong password or unknown user; the two are indistinguishable by design. Re-challenge or 403.</summary>
    Failed = 0,

    /// <summary>Authenticated.</summary>
    Ok,

    /// <summary>Right digest on an expired nonce: re-challenge with <c>stale=true</c>.</summary>
    Stale,

    /// <summary>The nonce is not one of ours (tampered or foreign): re-challenge.</summary>
    InvalidNonce,

    /// <summary>
    /// Realm mismatch, unsupported algorithm or qop, or qop=auth without a well-formed cnonce and nc.
    /// Decided before any user-specific work, so it reveals nothing about the user.
    /// </summary>
    Malformed,
}
