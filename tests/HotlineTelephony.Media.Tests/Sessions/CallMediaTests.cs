using System.Net;
using System.Net.Sockets;
using HotlineTelephony.Media.Engine;
using HotlineTelephony.Media.Sessions;

namespace HotlineTelephony.Media.Tests.Sessions;

public class CallMediaTests
{
    private const string Offer =
        "v=0\r\no=peer 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
        "m=audio 40000 RTP/AVP 0 101\r\na=rtpmap:101 telephone-event/8000\r\n";

    [Fact]
    public async Task FailedRecordingStillReleasesTheCallsRtpPortsAndReportsTheError()
    {
        // A file where the recordings folder should be: the writer cannot create the day folder.
        string notAFolder = Path.GetTempFileName();
        using var engine = new MediaEngine(new MediaEngineOptions { Workers = 1, Recording = new RecordingOptions { Folder = notAFolder } });
        var call = engine.CreateCall("failing-recording", IPAddress.Loopback, "127.0.0.1");
        var caller = call.AddLeg("caller");
        Assert.NotNull(caller.Answer(Offer));
        int port = caller.LocalPort;
        call.StartRecording(caller, ["caller"]);
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<IOException>(() => call.CloseAsync().AsTask());

        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
    }

    [Fact]
    public async Task ClosedCallsRecordingIsATwoChannelWavWithTheCallersAudioTime()
    {
        string folder = Path.Combine(Path.GetTempPath(), "callmedia-" + Guid.NewGuid().ToString("N"));
        using var engine = new MediaEngine(new MediaEngineOptions { Workers = 1, Recording = new RecordingOptions { Folder = folder } });
        var call = engine.CreateCall("recorded", IPAddress.Loopback, "127.0.0.1");
        var caller = call.AddLeg("caller");
        Assert.NotNull(caller.Answer(Offer));
        call.StartRecording(caller, ["caller", "12345"]);
        await Task.Delay(TimeSpan.FromMilliseconds(600));

        var info = await call.CloseAsync();

        Assert.NotNull(info);
        Assert.True(File.Exists(info.Path), info.Path);
        Assert.Equal(["caller", "12345"], info.Parties);
        Assert.InRange(info.Duration.TotalMilliseconds, 200, 2000);
        byte[] wav = await File.ReadAllBytesAsync(info.Path);
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(wav, 0, 4));
        Assert.Equal(2, BitConverter.ToInt16(wav, 22));
        Assert.Equal(wav.Length - 44, BitConverter.ToInt32(wav, 40));
        Assert.True(wav.Length > 44 + 8000, "at least a quarter second of stereo audio");
    }
}
