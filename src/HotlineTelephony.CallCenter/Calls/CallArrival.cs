namespace HotlineTelephony.CallCenter.Calls;

/// <summary>A call entering the ACD; <see cref="IncidentReference"/> is the 110 platform's reference for a transferred call.</summary>
public sealed record CallArrival(
    string CallerNumber,
    string DialledNumber,
    string QueueId,
    int Priority = 0,
    string? IncidentReference = null);
