using HotlineTelephony.Sip.Timers;
using HotlineTelephony.Sip.Transactions;
using HotlineTelephony.Sip.UserAgents;
using Microsoft.Extensions.Time.Testing;

namespace HotlineTelephony.Sip.Tests.TestSupport;

/// <summary>The real UA core, transaction layer and timer wheel on fake time, over a <see cref="SipTestWire"/>.</summary>
internal sealed class UaHarness : IDisposable
{
    public UaHarness(SipUserAgentOptions? options = null)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Wheel = new TimerWheel(Time, TimeSpan.FromMilliseconds(10), 4096);
        Wire = new SipTestWire();
        App = new TestApplication();
        Core = new SipUserAgentCore(Wire, Wheel, App, options, new SipTimerOptions());
        Wire.Layer = Core.Transactions;
    }

    public FakeTimeProvider Time { get; }

    public TimerWheel Wheel { get; }

    public SipTestWire Wire { get; }

    public TestApplication App { get; }

    public SipUserAgentCore Core { get; }

    /// <summary>Moves fake time in 100 ms steps (the wheel plays every 10 ms tick in between in order).</summary>
    public void Advance(TimeSpan by)
    {
        var step = TimeSpan.FromMilliseconds(100);
        for (var done = TimeSpan.Zero; done < by; done += step)
        {
            Time.Advance(by - done < step ? by - done : step);
        }
    }

    public FakePeer Peer(string ip, int port, string user) => new(this, ip, port, user);

    public void Dispose()
    {
        Core.Transactions.Dispose();
        Wheel.Dispose();
    }
}

/// <summary>An application that records what the core hands it and lets each test decide what to do with INVITEs.</summary>
internal sealed class TestApplication : ISipApplication
{
    public List<IncomingInvite> Invites { get; } = [];

    public List<ServerTransaction> Registers { get; } = [];

    public List<ServerTransaction> Others { get; } = [];

    public Action<IncomingInvite>? OnInviteAction { get; set; }

    public void OnInvite(IncomingInvite invite)
    {
        Invites.Add(invite);
        OnInviteAction?.Invoke(invite);
    }

    public void OnRegister(ServerTransaction transaction) => Registers.Add(transaction);

    public void OnRequest(ServerTransaction transaction) => Others.Add(transaction);
}
