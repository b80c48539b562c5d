using System.Text;
using HotlineTelephony.Sip.Messages;
using static HotlineTelephony.Sip.Messages.SipStreamFramer;

namespace HotlineTelephony.Sip.Tests.Messages;

public class SipStreamFramerTests
{
    private const int Max = 64 * 1024;

    private const string Options =
        "OPTIONS sip:a@example.com SIP/2.0\r\nVia: SIP/2.0/TCP a.example.com;branch=z9hG4bK1\r\nFrom: <sip:c@example.com>;tag=1\r\n" +
        "To: <sip:a@example.com>\r\nCall-ID: o1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";

    private const string Message =
        "MESSAGE sip:a@example.com SIP/2.0\r\nVia: SIP/2.0/TCP a.example.com;branch=z9hG4bK2\r\nFrom: <sip:c@example.com>;tag=1\r\n" +
        "To: <sip:a@example.com>\r\nCall-ID: m1\r\nCSeq: 2 MESSAGE\r\nl: 5\r\n\r\nhello";

    [Fact]
    public void TwoMessagesInOneBufferAreCutApartByContentLength()
    {
        var buffer = Encoding.ASCII.GetBytes(Message + Options);
        Assert.Equal(FrameResult.Message, TryFrame(buffer, Max, out int start, out int length, out _));
        Assert.Equal(0, start);
        Assert.Equal(Message.Length, length);
        Assert.True(SipMessage.TryParse(buffer.AsMemory(start, length), out var first, out _));
        Assert.Equal("hello", Encoding.ASCII.GetString(first.Body.Span));

        var rest = buffer.AsSpan(length);
        Assert.Equal(FrameResult.Message, TryFrame(rest, Max, out _, out length, out _));
        Assert.Equal(Options.Length, length);
    }

    [Fact]
    public void SplitMessageIsIncompleteUntilTheBodyHasArrived()
    {
        var whole = Encoding.ASCII.GetBytes(Message);
        int headerEnd = Message.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        foreach (int cut in new[] { 1, 20, headerEnd - 2, headerEnd - 1, headerEnd, headerEnd + 3 })
        {
            Assert.Equal(FrameResult.Incomplete, TryFrame(whole.AsSpan(0, cut), Max, out _, out _, out _));
        }

        Assert.Equal(FrameResult.Message, TryFrame(whole, Max, out _, out int length, out _));
        Assert.Equal(whole.Length, length);
    }

    [Fact]
    public void CrlfKeepAlivesAreReportedSeparatelyFromTheNextMessage()
    {
        var buffer = Encoding.ASCII.GetBytes("\r\n\r\n" + Options);
        Assert.Equal(FrameResult.KeepAlive, TryFrame(buffer, Max, out int start, out int length, out _));
        Assert.Equal(0, start);
        Assert.Equal(4, length);
        Assert.Equal(FrameResult.Message, TryFrame(buffer.AsSpan(length), Max, out _, out length, out _));
        Assert.Equal(Options.Length, length);
    }

    [Fact]
    public void SingleCrlfPongIsAKeepAlive()
    {
        Assert.Equal(FrameResult.KeepAlive, TryFrame("\r\n"u8, Max, out _, out int length, out _));
        Assert.Equal(2, length);
    }

    [Fact]
    public void MissingContentLengthOnAStreamIsAnError()
    {
        var text = Options.Replace("Content-Length: 0\r\n", string.Empty, StringComparison.Ordinal);
        Assert.Equal(FrameResult.Error, TryFrame(Encoding.ASCII.GetBytes(text), Max, out _, out _, out var error));
        Assert.Contains("Content-Length", error);
    }

    [Theory]
    [InlineData("Content-Length: -1")]
    [InlineData("Content-Length: abc")]
    [InlineData("Content-Length: 99999999999")]
    [InlineData("Content-Length: 0\r\nl: 3")]
    public void UnusableContentLengthOnAStreamIsAnError(string header)
    {
        var text = Options.Replace("Content-Length: 0", header, StringComparison.Ordinal);
        Assert.Equal(FrameResult.Error, TryFrame(Encoding.ASCII.GetBytes(text), Max, out _, out _, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void FoldedContentLengthIsRead()
    {
        var text = Message.Replace("l: 5", "Content-Length:\r\n 5", StringComparison.Ordinal);
        Assert.Equal(FrameResult.Message, TryFrame(Encoding.ASCII.GetBytes(text), Max, out _, out int length, out _));
        Assert.Equal(text.Length, length);
    }

    [Fact]
    public void OversizeHeaderSectionWithoutEndIsAnError()
    {
        var text = "INVITE sip:a@example.com SIP/2.0\r\nX-Pad: " + new string('a', 2000);
        Assert.Equal(FrameResult.Incomplete, TryFrame(Encoding.ASCII.GetBytes(text), 4096, out _, out _, out _));
        Assert.Equal(FrameResult.Error, TryFrame(Encoding.ASCII.GetBytes(text), 1024, out _, out _, out var error));
        Assert.Contains("maximum", error);
    }

    [Fact]
    public void ContentLengthBeyondTheMaximumIsAnErrorBeforeTheBodyArrives()
    {
        var text = Options.Replace("Content-Length: 0", "Content-Length: 100000", StringComparison.Ordinal);
        Assert.Equal(FrameResult.Error, TryFrame(Encoding.ASCII.GetBytes(text), Max, out _, out _, out var error));
        Assert.Contains("maximum", error);
    }
}
