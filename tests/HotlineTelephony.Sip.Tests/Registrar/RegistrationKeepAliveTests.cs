using System.Net;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Registrar;
using HotlineTelephony.Sip.Transports;

namespace HotlineTelephony.Sip.Tests.Registrar;

public sealed class RegistrationKeepAliveTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private readonly RegistrarHarness _h = new();
    private readonly ScriptedProbe _probe = new();
    private readonly RegistrationKeepAlive _keepAlive;

    public RegistrationKeepAliveTests()
    {
        _keepAlive = new RegistrationKeepAlive(_h.Settings, _h.Store, _probe, _h.Time);
        _keepAlive.Start();
    }

    public void Dispose() => _keepAlive.Dispose();

    [Fact]
    public void ProbesEachUdpBindingAtItsNatFlowEveryInterval()
    {
        var phone = _h.Phone("1001");
        _h.Register(phone);

        _h.Time.Advance(Interval - TimeSpan.FromMilliseconds(1));
        Assert.Empty(_probe.Probed);

        _h.Time.Advance(TimeSpan.FromMilliseconds(1));
        var probed = Assert.Single(_probe.Probed);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("203.0.113.50"), 40000), probed.Flow.EndPoint);

        _h.Time.Advance(Interval);
        Assert.Equal(2, _probe.Probed.Count);
    }

    [Fact]
    public void BindingIsRemovedAfterTwoFailedKeepAlivesInARow()
    {
        _h.Register(_h.Phone("1001"));
        _probe.Answers.Enqueue(false);
        _probe.Answers.Enqueue(false);

        _h.Time.Advance(Interval);
        Assert.Single(_h.Bindings("1001"));

        _h.Time.Advance(Interval);
        Assert.Empty(_h.Bindings("1001"));
    }

    [Fact]
    public void AnyAnswerBetweenFailuresResetsTheCount()
    {
        _h.Register(_h.Phone("1001"));
        _probe.Answers.Enqueue(false);
        _probe.Answers.Enqueue(true);
        _probe.Answers.Enqueue(false);

        _h.Time.Advance(Interval * 3);

        Assert.Equal(3, _probe.Probed.Count);
        Assert.Single(_h.Bindings("1001"));
    }

    [Fact]
    public void RegistrationRefreshedSinceTheProbeWentOutIsKept()
    {
        var phone = _h.Phone("1001");
        _h.Register(phone);
        _probe.Answers.Enqueue(false);
        _h.Time.Advance(Interval);
        var pending = _probe.HoldNext();
        _h.Time.Advance(Interval);

        Assert.Equal(200, _h.Register(phone).StatusCode);
        CompleteInline(pending, false);

        Assert.Single(_h.Bindings("1001"));
    }

    [Fact]
    public void ProbeStillOutAtTheNextSweepIsNotSentTwice()
    {
        _h.Register(_h.Phone("1001"));
        var pending = _probe.HoldNext();

        _h.Time.Advance(Interval * 2);
        Assert.Single(_probe.Probed);

        CompleteInline(pending, true);
        _h.Time.Advance(Interval);
        Assert.Equal(2, _probe.Probed.Count);
    }

    [Fact]
    public void TcpBindingsAreNotProbed()
    {
        var phone = _h.Phone("1001");
        phone.Source = new SipRemote(SipTransportKind.Tcp, phone.Source.EndPoint, ConnectionId: 7);
        _h.Register(phone);

        _h.Time.Advance(Interval * 2);

        Assert.Empty(_probe.Probed);
        Assert.Single(_h.Bindings("1001"));
    }

    [Fact]
    public async Task SweepPurgesExpiredBindings()
    {
        _h.Register(_h.Phone("1001"), expires: "60");
        _h.Time.Advance(TimeSpan.FromSeconds(61));

        await _keepAlive.SweepAsync();

        Assert.Empty(await _h.Store.GetAllAsync());
        Assert.Equal(0, await _h.Store.PurgeExpiredAsync(_h.Time.GetUtcNow()));
    }

    /// <summary>
    /// Completes a held probe with its continuation run before this returns, as it is when a transport thread
    /// completes it. The xUnit synchronization context on the test thread would otherwise push it to the pool.
    /// </summary>
    private static void CompleteInline(TaskCompletionSource<bool> pending, bool alive)
    {
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            pending.SetResult(alive);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    /// <summary>Answers probes from a script (alive when empty), or holds one open to play a slow answer.</summary>
    private sealed class ScriptedProbe : IKeepAliveProbe
    {
        private TaskCompletionSource<bool>? _held;

        public List<ContactBinding> Probed { get; } = [];

        public Queue<bool> Answers { get; } = new();

        public TaskCompletionSource<bool> HoldNext() =>
            _held = new TaskCompletionSource<bool>(TaskCreationOptions.None);

        public Task<bool> ProbeAsync(ContactBinding binding, CancellationToken cancellationToken)
        {
            Probed.Add(binding);
            if (_held is { } held)
            {
                _held = null;
                return held.Task;
            }

            return Task.FromResult(Answers.Count == 0 || Answers.Dequeue());
        }
    }
}
