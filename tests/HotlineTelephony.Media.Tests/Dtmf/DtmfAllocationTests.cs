using HotlineTelephony.Media.Dtmf;
using HotlineTelephony.Media.Engine;
using Microsoft.Extensions.Time.Testing;

namespace HotlineTelephony.Media.Tests.Dtmf;

public class DtmfAllocationTests
{
    [Fact]
    public void DetectorAllocatesNothingPerFrame()
    {
        short[] audio = new ToneSynth().Digit('5', 200).Silence(100).ToArray();
        var detector = new GoertzelDtmfDetector();
        Feed(detector, audio);

        long before = GC.GetAllocatedBytesForCurrentThread();
        int digits = Feed(detector, audio);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(1, digits);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void SenderAndReceiverAllocateNothingPerPacket()
    {
        var time = new FakeTimeProvider();
        var receiver = new Rfc4733Receiver(time);
        int received = 0;
        receiver.DigitReceived += _ => received++;
        var sender = new Rfc4733Sender();
        var payload = new byte[Rfc4733Payload.Length];
        SendDigit(sender, receiver, payload, 0);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (uint press = 1; press <= 50; press++)
        {
            SendDigit(sender, receiver, payload, press * 8000);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(51, received);
        Assert.Equal(0, allocated);
    }

    private static void SendDigit(Rfc4733Sender sender, Rfc4733Receiver receiver, byte[] payload, uint timestamp)
    {
        sender.Start('7');
        while (sender.TryWriteNext(payload, out Rfc4733Packet packet))
        {
            receiver.OnTelephoneEvent(payload, timestamp, packet.Marker, 99);
            receiver.Tick();
        }
    }

    private static int Feed(GoertzelDtmfDetector detector, short[] audio)
    {
        int digits = 0;
        for (int offset = 0; offset + MediaFormat.FrameSamples <= audio.Length; offset += MediaFormat.FrameSamples)
        {
            if (detector.ProcessFrame(audio.AsSpan(offset, MediaFormat.FrameSamples), out _))
            {
                digits++;
            }
        }

        return digits;
    }
}
