namespace HotlineTelephony.CallCenter.Dialplans.Model;

/// <summary>A choice the single overflow offer may give a caller when agents are busy (R-TEL-03/04).</summary>
public enum OverflowDiversion
{
    /// <summary>Leave a voice message (语音留言) that becomes a ticket or a callback task.</summary>
    VoiceMessage,

    /// <summary>Hang up and be called back, keeping the place in the queue.</summary>
    Callback,

    /// <summary>Receive an SMS with a link to the online channels (线上方式).</summary>
    OnlineChannels,
}
