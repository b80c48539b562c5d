using System.Net;
using HotlineTelephony.Media.Codecs;
using HotlineTelephony.Media.Engine;
using HotlineTelephony.Media.Rtp;

namespace HotlineTelephony.Media.Tests.Rtp;

public sealed class RtpLegPortTests : IDisposable
{
    private readonly RtpSession _a;
    private readonly RtpSession _b;

    public RtpLegPortTests()
    {
        var ports = UdpPeer.NewPorts();
        _a = RtpSession.Open(IPAddress.Loopback, ports);
        _b = RtpSession.Open(IPAddress.Loopback, ports);
        _a.SetRemote(_b.LocalRtpEndPoint, _b.LocalRtcpEndPoint);
        _b.SetRemote(_a.LocalRtpEndPoint, _a.LocalRtcpEndPoint);
        _a.Start();
        _b.Start();
    }

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
    }

    [Theory]
    [InlineData(RtpLegPort.PcmuPayloadType)]
    [InlineData(RtpLegPort.PcmaPayloadType)]
    public void OneKilohertzToneSentThroughOneLegComesOutOfTheOther(byte payloadType)
    {
        var sender = new RtpLegPort("caller", _a, payloadType);
        var receiver = new RtpLegPort("agent", _b, payloadType);
        const int frames = 10;
        var tone = Tone(1000, frames * MediaFormat.FrameSamples);
        var heard = new short[frames * MediaFormat.FrameSamples];

        // Five frames at a time: the reorder ring holds eight packets, so a burst longer than that is trimmed.
        for (int batch = 0; batch < frames; batch += 5)
        {
            for (int i = batch; i < batch + 5; i++)
            {
                sender.WriteFrame(tone.AsSpan(i * MediaFormat.FrameSamples, MediaFormat.FrameSamples));
            }

            UdpPeer.WaitUntil(() => _b.ReceiveSnapshot().Packets == batch + 5);
            for (int i = batch; i < batch + 5; i++)
            {
                Assert.True(receiver.ReadFrame(heard.AsSpan(i * MediaFormat.FrameSamples, MediaFormat.FrameSamples)));
            }
        }

        // 1 kHz for 200 ms: 400 zero crossings; the energy sits at 1 kHz, not at 1.5 kHz.
        Assert.InRange(ZeroCrossings(heard), 398, 401);
        Assert.True(Goertzel(heard, 1000) > 100 * Goertzel(heard, 1500));
        Assert.Equal(0, receiver.ConcealedFrames);
    }

    [Fact]
    public void ThirtyMillisecondPacketsAreCutIntoTwentyMillisecondFrames()
    {
        using var peer = new UdpPeer();
        var receiver = new RtpLegPort("trunk", _b, RtpLegPort.PcmaPayloadType);
        _b.SetRemote(peer.EndPoint);
        var tone = Tone(1000, 4 * 240);
        var encoded = new byte[240];
        for (int i = 0; i < 4; i++)
        {
            G711.EncodeALaw(tone.AsSpan(i * 240, 240), encoded);
            peer.SendRtp(_b.LocalRtpEndPoint, (ushort)(i + 1), RtpLegPort.PcmaPayloadType, encoded, timestamp: (uint)(i * 240));
        }

        UdpPeer.WaitUntil(() => _b.ReceiveSnapshot().Packets == 4);
        var heard = new short[6 * MediaFormat.FrameSamples];
        for (int i = 0; i < 6; i++)
        {
            Assert.True(receiver.ReadFrame(heard.AsSpan(i * MediaFormat.FrameSamples, MediaFormat.FrameSamples)));
        }

        Assert.InRange(ZeroCrossings(heard), 238, 241);
    }

    [Fact]
    public void LostPacketIsConcealedOnceThenSilence()
    {
        var sender = new RtpLegPort("caller", _a, RtpLegPort.PcmuPayloadType);
        var receiver = new RtpLegPort("agent", _b, RtpLegPort.PcmuPayloadType);
        sender.WriteFrame(Tone(1000, MediaFormat.FrameSamples));
        UdpPeer.WaitUntil(() => _b.ReceiveSnapshot().Packets == 1);

        var frame = new short[MediaFormat.FrameSamples];
        Assert.True(receiver.ReadFrame(frame));
        short peak = frame.Max();
        Assert.True(receiver.ReadFrame(frame));
        Assert.InRange(frame.Max(), peak / 2 - 1, peak / 2 + 1);
        Assert.False(receiver.ReadFrame(frame));
        Assert.Equal(1, receiver.ConcealedFrames);
    }

    [Fact]
    public void OnlyG711PayloadTypesAreAccepted()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RtpLegPort("x", _a, 18));
    }

    private static short[] Tone(double frequency, int samples)
    {
        var result = new short[samples];
        for (int i = 0; i < samples; i++)
        {
            // A quarter-sample phase offset keeps samples off exact zeros, so crossings are counted cleanly.
            result[i] = (short)(12000 * Math.Sin(2 * Math.PI * frequency * (i + 0.25) / MediaFormat.SampleRate));
        }

        return result;
    }

    private static int ZeroCrossings(short[] samples)
    {
        int crossings = 0;
        for (int i = 1; i < samples.Length; i++)
        {
            if ((samples[i - 1] < 0) != (samples[i] < 0))
            {
                crossings++;
            }
        }

        return crossings;
    }

    private static double Goertzel(short[] samples, double frequency)
    {
        double coefficient = 2 * Math.Cos(2 * Math.PI * frequency / MediaFormat.SampleRate);
        double s1 = 0, s2 = 0;
        foreach (short sample in samples)
        {
            double s0 = sample + (coefficient * s1) - s2;
            s2 = s1;
            s1 = s0;
        }

        return (s1 * s1) + (s2 * s2) - (coefficient * s1 * s2);
    }
}
