namespace HotlineTelephony.CallCenter.Records;

/// <summary>What happened on a call, as kept in its record (stored by name; new kinds go at the end).</summary>
public enum CallRecordEventKind
{
    Arrived,
    Queued,
    Offered,
    Missed,
    Rejected,
    Answered,
    Held,
    Resumed,
    Transferred,
    ThirdPartyDialled,
    ThirdPartyJoined,
    ThirdPartyLeft,
    EmergencyTransferStarted,
    EmergencyTransferAnswered,
    EmergencyTransferFailed,
    RecordingStarted,
    RecordingStopped,
    Abandoned,
    Diverted,
    Ended,
}
