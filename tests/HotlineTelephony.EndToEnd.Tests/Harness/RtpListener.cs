using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace HotlineTelephony.EndToEnd.Tests.Harness;

/// <summary>
/// A UDP socket on 127.0.0.1 standing in for a SIPp peer's RTP port: a scenario copy's SDP names this port (see
/// <see cref="ScenarioCopy.QueueCallerWithMediaAt"/>), so the test hears what the server sends that peer. G.711
/// packets (PCMU 0, PCMA 8) are decoded here, independently of the server's codec, and kept as one level per packet;
/// other payload types (telephone-event, comfort noise) are counted but not measured. It never sends.
/// </summary>
public sealed class RtpListener : IDisposable
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly List<PacketLevel> _packets = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _receiving;

    private RtpListener(Socket socket)
    {
        _socket = socket;
        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        _receiving = Task.Run(ReceiveAsync);
    }

    public int Port { get; }

    /// <summary>Every datagram received so far, G.711 or not.</summary>
    public int PacketsReceived
    {
        get
        {
            lock (_lock)
            {
                return _packets.Count;
            }
        }
    }

    public static RtpListener Start()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return new RtpListener(socket);
    }

    /// <summary>The G.711 audio received in the last <paramref name="window"/>: packet count and RMS (0–32767; 0 when none).</summary>
    public AudioLevel LevelOver(TimeSpan window)
    {
        var since = _clock.Elapsed - window;
        int packets = 0;
        long samples = 0;
        double sumOfSquares = 0;
        lock (_lock)
        {
            for (int i = _packets.Count - 1; i >= 0 && _packets[i].At >= since; i--)
            {
                if (_packets[i].Samples > 0)
                {
                    packets++;
                    samples += _packets[i].Samples;
                    sumOfSquares += _packets[i].SumOfSquares;
                }
            }
        }

        return new AudioLevel(packets, samples == 0 ? 0 : Math.Sqrt(sumOfSquares / samples));
    }

    /// <summary>
    /// Waits until the level over the last <paramref name="window"/> satisfies <paramref name="condition"/>, looking
    /// every 100 ms for at most <paramref name="timeout"/>; fails with the last level seen. The window must have been
    /// listened to in full, so a condition never holds on a window that began before the wait.
    /// </summary>
    public async Task<AudioLevel> WaitForLevelAsync(Func<AudioLevel, bool> condition, TimeSpan window, TimeSpan timeout, string what)
    {
        var started = _clock.Elapsed;
        AudioLevel last = default;
        while (true)
        {
            if (_clock.Elapsed - started >= window && condition(last = LevelOver(window)))
            {
                return last;
            }

            if (_clock.Elapsed - started > timeout)
            {
                throw new TimeoutException(
                    $"RTP to 127.0.0.1:{Port}: not heard within {timeout.TotalSeconds:0} s: {what}. Last {window.TotalSeconds:0.#} s: {last}; {PacketsReceived} packets in all.");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[2048];
        var from = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            int length;
            try
            {
                length = (await _socket.ReceiveFromAsync(buffer, SocketFlags.None, from, _stop.Token).ConfigureAwait(false)).ReceivedBytes;
            }
            catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var level = Measure(buffer.AsSpan(0, length));
            lock (_lock)
            {
                _packets.Add(level with { At = _clock.Elapsed });
            }
        }
    }

    /// <summary>The decoded level of one RTP packet (RFC 3550 §5.1 header: CSRCs, extension and padding skipped).</summary>
    private static PacketLevel Measure(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 12 || packet[0] >> 6 != 2)
        {
            return default;
        }

        int payloadType = packet[1] & 0x7F;
        int offset = 12 + (4 * (packet[0] & 0x0F));
        if ((packet[0] & 0x10) != 0 && packet.Length >= offset + 4)
        {
            offset += 4 + (4 * ((packet[offset + 2] << 8) | packet[offset + 3]));
        }

        int end = (packet[0] & 0x20) != 0 ? packet.Length - packet[^1] : packet.Length;
        if (payloadType is not (0 or 8) || offset >= end)
        {
            return default;
        }

        double sum = 0;
        foreach (byte code in packet[offset..end])
        {
            double sample = payloadType == 8 ? DecodeALaw(code) : DecodeMuLaw(code);
            sum += sample * sample;
        }

        return new PacketLevel(TimeSpan.Zero, end - offset, sum);
    }

    // ITU-T G.711 expansion, written out here so the measurement does not lean on the server's own codec.
    private static int DecodeALaw(byte code)
    {
        int a = code ^ 0x55;
        int magnitude = (a & 0x0F) << 4;
        int segment = (a & 0x70) >> 4;
        magnitude = segment switch
        {
            0 => magnitude + 8,
            1 => magnitude + 0x108,
            _ => (magnitude + 0x108) << (segment - 1),
        };
        return (a & 0x80) != 0 ? magnitude : -magnitude;
    }

    private static int DecodeMuLaw(byte code)
    {
        int u = ~code & 0xFF;
        int magnitude = (((u & 0x0F) << 3) + 0x84) << ((u & 0x70) >> 4);
        return (u & 0x80) != 0 ? 0x84 - magnitude : magnitude - 0x84;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        try
        {
            _receiving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends on the closed socket; nothing to report.
        }

        _stop.Dispose();
    }

    private readonly record struct PacketLevel(TimeSpan At, int Samples, double SumOfSquares);
}

/// <summary>What an <see cref="RtpListener"/> heard over a window: G.711 packets and their RMS level.</summary>
public readonly record struct AudioLevel(int Packets, double Rms)
{
    public override string ToString() => $"{Packets} G.711 packets, RMS {Rms:F0}";
}
