namespace HotlineTelephony.CallCenter.Acd;

/// <summary>Why a waiting call left its queue without being answered; each closes its CallEnqueued with one event.</summary>
public enum QueueExit
{
    /// <summary>Caller hung up: CallAbandoned "short" or "long".</summary>
    Abandoned,

    /// <summary>Overflow key: CallbackRequested; a callback task keeps the caller's place.</summary>
    Callback,

    /// <summary>Overflow key: VoiceMessageChosen (VoiceMessageLeft follows once the message is stored).</summary>
    VoiceMessage,

    /// <summary>Overflow key: SmsLinkSent.</summary>
    SmsLink,
}
