using HotlineTelephony.Media.Sdp;

namespace HotlineTelephony.Media.Tests.Sdp;

public class SdpNegotiatorTests
{
    private const string SippOffer =
        "v=0\r\no=user1 53655765 2353687637 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
        "m=audio 6000 RTP/AVP 8 0 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n";

    [Fact]
    public void AnswerKeepsOfferersFirstSupportedCodecAndItsTelephoneEventType()
    {
        var answer = Answer(SippOffer);
        Assert.Equal(8, answer.PayloadType);
        Assert.Equal(101, answer.TelephoneEventPayloadType);
        Assert.Contains("m=audio 20000 RTP/AVP 8 101\r\n", answer.Sdp);
        Assert.Contains("a=rtpmap:101 telephone-event/8000\r\n", answer.Sdp);
        Assert.Contains("c=IN IP4 192.0.2.5\r\n", answer.Sdp);
        Assert.Contains("a=sendrecv\r\n", answer.Sdp);
    }

    [Theory]
    [InlineData("sendonly", "recvonly")]
    [InlineData("recvonly", "sendonly")]
    [InlineData("inactive", "inactive")]
    [InlineData("sendrecv", "sendrecv")]
    public void HoldDirectionsAreAnsweredPerRfc3264(string offered, string answered)
    {
        var answer = Answer(SippOffer + "a=" + offered + "\r\n");
        Assert.Contains("a=" + answered + "\r\n", answer.Sdp);
    }

    [Fact]
    public void NoCommonCodecGivesNoAnswer()
    {
        var offer = SippOffer.Replace("RTP/AVP 8 0 101", "RTP/AVP 18").Replace("a=rtpmap:8 PCMA/8000\r\n", string.Empty);
        Assert.True(SessionDescription.TryParse(offer, out var sdp, out _));
        Assert.Null(new SdpNegotiator("192.0.2.5", 1).CreateAnswer(sdp, 20000));
    }

    [Fact]
    public void SecondStreamIsRefusedWithPortZero()
    {
        var answer = Answer(SippOffer + "m=video 6002 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\n");
        Assert.Contains("m=video 0 RTP/AVP 96\r\n", answer.Sdp);
    }

    [Fact]
    public void OriginVersionGoesUpWithEachDescription()
    {
        var negotiator = new SdpNegotiator("192.0.2.5", 42);
        Assert.Contains("o=- 42 0 IN IP4", negotiator.CreateOffer(20000));
        Assert.Contains("o=- 42 1 IN IP4", negotiator.CreateOffer(20000));
    }

    [Fact]
    public void BodyWithoutVersionLineIsRefused()
    {
        Assert.False(SessionDescription.TryParse("o=- 1 1 IN IP4 1.2.3.4\r\n", out _, out var error));
        Assert.NotNull(error);
    }

    private static SdpNegotiator.Answer Answer(string offer)
    {
        Assert.True(SessionDescription.TryParse(offer, out var sdp, out var error), error);
        var answer = new SdpNegotiator("192.0.2.5", 1).CreateAnswer(sdp, 20000);
        Assert.NotNull(answer);
        return answer;
    }
}
