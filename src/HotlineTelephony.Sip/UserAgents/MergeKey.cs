using HotlineTelephony.Sip.Messages;

namespace HotlineTelephony.Sip.UserAgents;

/// <summary>What makes two requests "the same request" for merged-request detection (§8.2.2.2).</summary>
internal readonly record struct MergeKey(string FromTag, string CallId, uint CSeq, string Method)
{
    public static MergeKey? From(SipRequest request) =>
        request.From.Tag is { } tag && request.CallId is { } callId
            ? new MergeKey(tag, callId, request.CSeq.Number, request.CSeq.Method)
            : null;
}
