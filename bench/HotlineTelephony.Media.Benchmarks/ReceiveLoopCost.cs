using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using HotlineTelephony.Media.Rtp;
using HotlineTelephony.Media.Rtp.Receive;

namespace HotlineTelephony.Media.Benchmarks;

/// <summary>
/// CPU per received datagram of the RTP receive loops, old (async) against new (epoll), independent of how busy the
/// machine is: bridged calls (two sessions relaying to each other, as <c>Media:SameCodecRelay</c> does) get 20 ms
/// PCMU packets from fake phones on 127.0.0.1, and the process's CPU time, less the sending thread's own, is divided
/// by the datagrams the sessions took.
/// </summary>
/// <remarks>
/// Usage: <c>dotnet run -c Release --project bench/HotlineTelephony.Media.Benchmarks -- receive-cost --loop epoll
/// --calls 200 --seconds 20 [--threads 0] [--no-relay]</c>. With <c>--no-relay</c> packets go to the reorder ring
/// instead of out of the other leg, leaving the relay's <c>sendto</c> (the same in both loops) out of the figure.
/// </remarks>
internal static class ReceiveLoopCost
{
    public static int Run(string[] args)
    {
        var mode = Enum.Parse<ReceiveLoopMode>(Option(args, "--loop", "epoll"), ignoreCase: true);
        int calls = int.Parse(Option(args, "--calls", "200"), CultureInfo.InvariantCulture);
        int seconds = int.Parse(Option(args, "--seconds", "20"), CultureInfo.InvariantCulture);
        int threads = int.Parse(Option(args, "--threads", "0"), CultureInfo.InvariantCulture);
        bool relay = !args.Contains("--no-relay");

        using var receivers = new RtpReceivers(mode, threads);
        var options = new RtpSessionOptions { RtcpInterval = TimeSpan.Zero, RtpTimeout = TimeSpan.Zero };
        var ports = new RtpPortRange(40000, 59999);
        var legs = new List<(RtpSession Session, Socket Phone)>();
        for (int i = 0; i < calls; i++)
        {
            var caller = OpenLeg(ports, options, receivers);
            var agent = OpenLeg(ports, options, receivers);
            if (relay)
            {
                caller.Session.StartRelay(agent.Session, 0);
                agent.Session.StartRelay(caller.Session, 0);
            }

            legs.Add(caller);
            legs.Add(agent);
        }

        using var stop = new CancellationTokenSource();
        long senderTicks = 0;
        long senderTicksAtMark = -1;
        var mark = new ManualResetEventSlim();
        var sender = new Thread(() => Send(legs, stop.Token, mark, ref senderTicksAtMark, ref senderTicks)) { Name = "phones" };
        sender.Start();

        Thread.Sleep(TimeSpan.FromSeconds(3)); // warm-up: JIT tiers, socket buffers
        long received0 = Received(legs);
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        mark.Set();
        var wall = Stopwatch.StartNew();
        Thread.Sleep(TimeSpan.FromSeconds(seconds));
        long received1 = Received(legs);
        var cpu1 = Process.GetCurrentProcess().TotalProcessorTime;
        stop.Cancel();
        sender.Join();
        wall.Stop();

        long datagrams = received1 - received0;
        double senderSeconds = (senderTicks - senderTicksAtMark) / ClockTicksPerSecond;
        double receiveSeconds = (cpu1 - cpu0).TotalSeconds - senderSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"loop {receivers.Mode} ({receivers.ThreadCount} threads), {calls} calls, relay {relay}: {datagrams} datagrams in {wall.Elapsed.TotalSeconds:F1} s " +
            $"({datagrams / wall.Elapsed.TotalSeconds:F0}/s); process CPU {(cpu1 - cpu0).TotalSeconds:F2} s, phones {senderSeconds:F2} s; " +
            $"receive side {receiveSeconds * 1e6 / datagrams:F2} µs CPU per datagram"));

        foreach (var (session, phone) in legs)
        {
            session.Dispose();
            phone.Dispose();
        }

        return 0;
    }

    // /proc/thread-self/stat counts in USER_HZ, 100 on every Linux we run on.
    private const double ClockTicksPerSecond = 100.0;

    private static (RtpSession Session, Socket Phone) OpenLeg(RtpPortRange ports, RtpSessionOptions options, RtpReceivers receivers)
    {
        var phone = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        phone.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var session = RtpSession.Open(IPAddress.Loopback, ports, options);
        session.SetRemote((IPEndPoint)phone.LocalEndPoint!);
        session.Start(receivers);
        return (session, phone);
    }

    /// <summary>Every 20 ms one PCMU packet from every phone to its leg, on absolute deadlines.</summary>
    private static void Send(List<(RtpSession Session, Socket Phone)> legs, CancellationToken stop, ManualResetEventSlim mark, ref long ticksAtMark, ref long ticks)
    {
        var targets = legs.Select(l => l.Session.LocalRtpEndPoint.Serialize()).ToArray();
        var datagram = new byte[RtpHeader.FixedSize + 160];
        var payload = new byte[160];
        var clock = Stopwatch.StartNew();
        long frame = 0;
        while (!stop.IsCancellationRequested)
        {
            var header = new RtpHeader(0, (ushort)frame, (uint)(frame * 160), 0x5EED_0001);
            RtpPacket.Write(datagram, header, payload);
            for (int i = 0; i < legs.Count; i++)
            {
                legs[i].Phone.SendTo(datagram, SocketFlags.None, targets[i]);
            }

            if (ticksAtMark < 0 && mark.IsSet)
            {
                ticksAtMark = ThreadCpuTicks();
            }

            frame++;
            var wait = TimeSpan.FromMilliseconds(frame * 20) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                Thread.Sleep(wait);
            }
        }

        ticks = ThreadCpuTicks();
    }

    private static long Received(List<(RtpSession Session, Socket Phone)> legs)
    {
        long sum = 0;
        foreach (var (session, _) in legs)
        {
            sum += session.ReceiveSnapshot().Packets;
        }

        return sum;
    }

    /// <summary>User plus system CPU of the calling thread (fields 14 and 15 of /proc/thread-self/stat).</summary>
    private static long ThreadCpuTicks()
    {
        string stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private static string Option(string[] args, string name, string fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
