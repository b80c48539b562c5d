namespace HotlineTelephony.CallCenter.Calls;

/// <summary>The Detail of CallEnded: how a call (or callback task) ended, exactly one per call.</summary>
public static class CallDisposition
{
    public const string Answered = "answered";
    public const string Abandoned = "abandoned";
    public const string VoiceMessage = "voice-message";
    public const string CallbackRequested = "callback-requested";
    public const string SmsLink = "sms-link";
    public const string CallbackCompleted = "callback-completed";
    public const string CallbackFailed = "callback-failed";
}
