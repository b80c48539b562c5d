namespace HotlineTelephony.Sip.Transactions;

/// <summary>States of the four RFC 3261 §17 machines, with RFC 6026's Accepted; each machine uses a subset.</summary>
public enum SipTransactionState
{
    /// <summary>Client INVITE sent, nothing heard yet.</summary>
    Calling,

    /// <summary>Client or server non-INVITE, no provisional yet.</summary>
    Trying,

    Proceeding,

    /// <summary>Final 3xx–6xx to an INVITE (or any final to a non-INVITE) sent or received; absorbing retransmissions.</summary>
    Completed,

    /// <summary>Server INVITE: ACK for a non-2xx final received; absorbing ACK retransmissions until Timer I.</summary>
    Confirmed,

    /// <summary>RFC 6026: a 2xx to the INVITE was sent or received; Timers L and M.</summary>
    Accepted,

    Terminated,
}
