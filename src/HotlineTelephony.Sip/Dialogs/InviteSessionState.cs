namespace HotlineTelephony.Sip.Dialogs;

/// <summary>Where an INVITE usage is, seen from our side.</summary>
public enum InviteSessionState
{
    /// <summary>UAC: INVITE sent, no response with a tag yet.</summary>
    Calling,

    /// <summary>UAS: INVITE received, nothing with a tag sent yet.</summary>
    Incoming,

    /// <summary>An early dialog exists (1xx with a To tag sent or received).</summary>
    Early,

    /// <summary>UAS: 2xx sent, waiting for the ACK.</summary>
    WaitingForAck,

    /// <summary>Session established (UAC: 2xx received and ACKed; UAS: ACK received).</summary>
    Confirmed,

    Terminated,
}
