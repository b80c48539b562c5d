namespace HotlineTelephony.Sip.Messages;

/// <summary>
/// Receives the pieces of a message as offsets into the parsed buffer (Kestrel's HttpParser style), so a
/// caller that only needs a few fields allocates nothing.
/// </summary>
public interface ISipParseHandler
{
    void OnRequestLine(int methodStart, int methodLength, int uriStart, int uriLength);

    void OnStatusLine(int statusCode, int reasonStart, int reasonLength);

    /// <summary>One header field. <paramref name="folded"/> says the value spans continuation lines.</summary>
    void OnHeader(HeaderId id, int nameStart, int nameLength, int valueStart, int valueLength, bool folded);

    void OnBody(int start, int length);
}
