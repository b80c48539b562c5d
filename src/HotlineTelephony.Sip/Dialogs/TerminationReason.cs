namespace HotlineTelephony.Sip.Dialogs;

/// <summary>Why an <see cref="InviteSession"/> ended; reported once, in its Terminated event.</summary>
public enum TerminationReason
{
    /// <summary>We sent BYE (or CANCEL'd / rejected at the application's request after the session was up).</summary>
    LocalBye,

    RemoteBye,

    /// <summary>The INVITE was cancelled, by the peer (UAS) or by us (UAC).</summary>
    Cancel,

    /// <summary>The INVITE or a request the session depends on got no response (Timer B/F).</summary>
    Timeout,

    /// <summary>RFC 4028: no refresh arrived in time, or our refresh failed with 408/481.</summary>
    SessionExpired,

    /// <summary>We sent a 2xx and no ACK came within 64*T1 (§13.3.1.4); we sent BYE.</summary>
    AckTimeout,

    /// <summary>The INVITE got (UAC) or was given (UAS) a final non-2xx response.</summary>
    Rejected,

    TransportError,
}
