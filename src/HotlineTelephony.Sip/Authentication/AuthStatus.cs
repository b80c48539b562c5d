namespace HotlineTelephony.Sip.Authentication;

/// <summary>Outcome class of <see cref="SipRequestAuthenticator.Authenticate"/>; the default value is the safe one.</summary>
public enum AuthStatus
{
    /// <summary>Wrong password, unknown user, or credentials for another AOR: answer the 403 in the result.</summary>
    Forbidden = 0,

    /// <summary>No usable credentials (none, stale, foreign nonce or realm, replayed nc): answer the 401/407 in the result.</summary>
    Challenged,

    /// <summary>Digest verified for a configured extension.</summary>
    Authenticated,

    /// <summary>Source address is in a trusted peer's range; no digest was asked for.</summary>
    Trusted,
}
