namespace HotlineTelephony.Sip.Dialogs;

/// <summary>A dialog's identity (RFC 3261 §12): Call-ID plus the two tags, seen from our side.</summary>
public readonly record struct DialogId(string CallId, string LocalTag, string RemoteTag)
{
    public override string ToString() => $"{CallId};local={LocalTag};remote={RemoteTag}";
}
