namespace HotlineTelephony.Media.Prompts;

/// <summary>
/// Every recorded prompt the server plays. Short by design: GB/T 33358 discourages IVR menus and forbids
/// advertising, so apart from the overflow offer nothing here asks the caller to choose.
/// </summary>
public enum PromptId
{
    /// <summary>您好，这里是12345政务服务便民热线，请稍候，正在为您转接。</summary>
    Welcome,

    /// <summary>您前面还有 (followed by a number and 位).</summary>
    QueueAhead,

    /// <summary>位: the measure word after a queue position.</summary>
    QueueUnit,

    Digit0,
    Digit1,
    Digit2,
    Digit3,
    Digit4,
    Digit5,
    Digit6,
    Digit7,
    Digit8,
    Digit9,

    /// <summary>两: "two" when counting things (两位, 两分钟), where 二 would sound wrong.</summary>
    Digit2Counting,

    /// <summary>十</summary>
    Ten,

    /// <summary>百</summary>
    Hundred,

    /// <summary>预计等待 (followed by a number and 分钟).</summary>
    WaitEstimated,

    /// <summary>分钟</summary>
    WaitMinutes,

    /// <summary>The single overflow announcement (voicemail 1, keep place and call back 2, online channels).</summary>
    OverflowOffer,

    /// <summary>请在提示音后留言，按井号键结束。</summary>
    VoicemailInstructions,

    /// <summary>正在为您转接紧急服务，请不要挂机。</summary>
    EmergencyTransfer,

    /// <summary>您的来电受到限制，如有需要请通过其他渠道联系。</summary>
    RestrictedCaller,

    /// <summary>感谢您的来电，再见。</summary>
    Goodbye,

    /// <summary>转接未成功，正在为您转回话务员。</summary>
    TransferFailed,
}
