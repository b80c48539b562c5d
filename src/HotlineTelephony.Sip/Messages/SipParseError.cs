namespace HotlineTelephony.Sip.Messages;

/// <summary>Why a message was refused: the status to answer with (400, 505, …) and a reason naming the fault.</summary>
public readonly record struct SipParseError(int StatusCode, string Reason)
{
    public static SipParseError BadRequest(string reason) => new(400, reason);

    public override string ToString() => $"{StatusCode} {Reason}";
}
