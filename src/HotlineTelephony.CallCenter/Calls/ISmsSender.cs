namespace HotlineTelephony.CallCenter.Calls;

/// <summary>Sends a caller the SMS with the link to the online channels (overflow key, R-TEL-04).</summary>
public interface ISmsSender
{
    ValueTask SendOnlineChannelLinkAsync(string callId, string callerNumber, CancellationToken cancellationToken = default);
}
