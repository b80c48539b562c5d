using HotlineTelephony.Media.Dtmf;

namespace HotlineTelephony.Media.Tests.Dtmf;

public class SipInfoDtmfParserTests
{
    [Theory]
    [InlineData("application/dtmf-relay", "Signal=5\r\nDuration=160\r\n", '5', 160)]
    [InlineData("application/dtmf-relay", "Signal=5\r\nDuration=160", '5', 160)]
    [InlineData("Application/DTMF-Relay; charset=utf-8", "signal = *\nduration = 250\n", '*', 250)]
    [InlineData("application/dtmf-relay", "  Signal=#  \r\n", '#', 0)]
    [InlineData("application/dtmf-relay", "Signal=d\r\nDuration=100", 'D', 100)]
    [InlineData("application/dtmf-relay", "Signal=10\r\nDuration=100", '*', 100)]
    [InlineData("application/dtmf-relay", "Signal=11", '#', 0)]
    [InlineData("application/dtmf-relay", "Duration=100\r\nSignal=0", '0', 100)]
    [InlineData("application/dtmf", "5", '5', 0)]
    [InlineData("APPLICATION/DTMF", " 9\r\n", '9', 0)]
    [InlineData("application/dtmf", "11", '#', 0)]
    public void ParsesTheDigitFromEitherBodyFormat(string contentType, string body, char digit, int duration)
    {
        Assert.True(SipInfoDtmfParser.TryParse(contentType, body, out char parsed, out int parsedDuration));
        Assert.Equal(digit, parsed);
        Assert.Equal(duration, parsedDuration);
    }

    [Theory]
    [InlineData("application/dtmf-relay", "")]
    [InlineData("application/dtmf-relay", "Duration=160")]
    [InlineData("application/dtmf-relay", "Signal=\r\nDuration=160")]
    [InlineData("application/dtmf-relay", "Signal=X")]
    [InlineData("application/dtmf-relay", "Signal=16")]
    [InlineData("application/dtmf-relay", "Signal=55")]
    [InlineData("application/dtmf", "")]
    [InlineData("application/dtmf", "5 6")]
    [InlineData("application/sdp", "Signal=5")]
    [InlineData("text/plain", "5")]
    public void FailsOnBodiesWithoutAValidDigit(string contentType, string body)
    {
        Assert.False(SipInfoDtmfParser.TryParse(contentType, body, out _, out _));
    }
}
