using System.Net;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Registrar;
using HotlineTelephony.Sip.Tests.Transactions;
using HotlineTelephony.Sip.Timers;
using HotlineTelephony.Sip.Transactions;
using HotlineTelephony.Sip.Transports;

namespace HotlineTelephony.Sip.Tests.Registrar;

/// <summary>The registrar and keep-alive on the real transaction layer, with a transport that records wire text.</summary>
public sealed class RegistrarOverTransactionsTests : IDisposable
{
    private readonly RegistrarHarness _h = new();
    private readonly TimerWheel _wheel;
    private readonly FakeSipSender _sender;
    private readonly SipTransactionLayer _layer;
    private readonly RegistrationKeepAlive _keepAlive;
    public RegistrarOverTransactionsTests()
    {
        _wheel = new TimerWheel(_h.Time, TimeSpan.FromMilliseconds(10), 1024);
        _sender = new FakeSipSender(_h.Time);
        _layer = new SipTransactionLayer(_sender, _wheel, new SipTimerOptions(), new RegistrarUser(_h.Registrar));
        _keepAlive = new RegistrationKeepAlive(_h.Settings, _h.Store, new OptionsKeepAliveProbe(_layer, _h.Settings.Realm), _h.Time);
        _keepAlive.Start();
    }

    public void Dispose()
    {
        _keepAlive.Dispose();
        _layer.Dispose();
        _wheel.Dispose();
    }

    [Fact]
    public void RegisterIsAnsweredThroughItsServerTransactionBackToTheNatSource()
    {
        using var noContext = new NoSynchronizationContext();
        var phone = _h.Phone("1001");

        var challenge = Deliver(phone, phone.CreateRegister());
        phone.Accept((SipResponse)challenge.Message);
        var ok = Deliver(phone, phone.CreateRegister());

        Assert.StartsWith("SIP/2.0 401 Unauthorized\r\n", challenge.Text, StringComparison.Ordinal);
        Assert.StartsWith("SIP/2.0 200 OK\r\n", ok.Text, StringComparison.Ordinal);
        Assert.Equal(phone.Source, ok.Remote);
        Assert.Equal("<sip:1001@192.168.1.10:5060>;expires=3600", ok.Header("Contact"));
    }

    [Fact]
    public void KeepAliveSendsOptionsToTheNatFlowEveryInterval()
    {
        using var noContext = new NoSynchronizationContext();
        var phone = _h.Phone("1001");
        RegisterThroughLayer(phone);

        _h.Time.Advance(TimeSpan.FromSeconds(30));

        var options = Assert.Single(_sender.Requests(SipMethods.Options));
        Assert.Equal(new SipRemote(SipTransportKind.Udp, new IPEndPoint(IPAddress.Parse("203.0.113.50"), 40000)), options.Remote);
        Assert.Equal("OPTIONS sip:1001@192.168.1.10:5060 SIP/2.0", options.StartLine);
        Assert.Equal("<sip:1001@192.168.1.10:5060>", options.Header("To"));
        Assert.Matches("^<sip:keepalive@hotline.local>;tag=[0-9a-f]+$", options.Header("From"));

        Answer(options, 405);
        _h.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(2, _sender.Requests(SipMethods.Options).Select(o => o.Header("Call-ID")).Distinct().Count());
        Assert.Single(_h.Bindings("1001"));
    }

    [Fact]
    public void BindingIsRemovedAfterTwoKeepAlivesTimeOut()
    {
        using var noContext = new NoSynchronizationContext();
        RegisterThroughLayer(_h.Phone("1001"));

        // Probe at 30 s times out at 62 s (Timer F); the 60 s sweep skips it; probe at 90 s times out at 122 s.
        AdvanceSeconds(121);
        Assert.Equal(2, _sender.Requests(SipMethods.Options).Select(o => o.Header("Call-ID")).Distinct().Count());
        Assert.Single(_h.Bindings("1001"));

        AdvanceSeconds(2);
        Assert.Empty(_h.Bindings("1001"));
    }

    [Fact]
    public void KeepAliveAnsweredWith408CountsAsAFailure()
    {
        using var noContext = new NoSynchronizationContext();
        RegisterThroughLayer(_h.Phone("1001"));

        _h.Time.Advance(TimeSpan.FromSeconds(30));
        Answer(_sender.Requests(SipMethods.Options)[^1], 408);
        _h.Time.Advance(TimeSpan.FromSeconds(30));
        Answer(_sender.Requests(SipMethods.Options)[^1], 408);

        Assert.Empty(_h.Bindings("1001"));
    }

    // One second at a time: one big jump of fake time would fire every due keep-alive tick at the jump's end.
    private void AdvanceSeconds(int seconds)
    {
        for (int i = 0; i < seconds; i++)
        {
            _h.Time.Advance(TimeSpan.FromSeconds(1));
        }
    }

    private void RegisterThroughLayer(FakeSoftphone phone)
    {
        phone.Accept((SipResponse)Deliver(phone, phone.CreateRegister()).Message);
        Assert.Equal(200, ((SipResponse)Deliver(phone, phone.CreateRegister()).Message).StatusCode);
    }

    private SentMessage Deliver(FakeSoftphone phone, SipRequest request)
    {
        int before = _sender.Sent.Count;
        _layer.OnMessage(SipMessage.Parse(request.ToString()), phone.Source);
        return _sender.Sent.Skip(before).Single(m => m.Message is SipResponse { StatusCode: >= 200 });
    }

    private void Answer(SentMessage request, int statusCode) =>
        _layer.OnMessage(SipMessage.Parse(SipResponse.CreateFor((SipRequest)request.Message, statusCode, null, "ph").ToString()), request.Remote);

    /// <summary>
    /// Transaction callbacks complete the probe's task on the thread advancing fake time; with xUnit's context on
    /// that thread the continuation would be posted to the pool and race the assertions. Transport and wheel threads
    /// have no context in production, so this is what runs there too.
    /// </summary>
    private sealed class NoSynchronizationContext : IDisposable
    {
        private readonly SynchronizationContext? _saved = SynchronizationContext.Current;

        public NoSynchronizationContext() => SynchronizationContext.SetSynchronizationContext(null);

        public void Dispose() => SynchronizationContext.SetSynchronizationContext(_saved);
    }

    /// <summary>The server's transaction user, reduced to what this test needs: REGISTER goes to the registrar.</summary>
    private sealed class RegistrarUser(SipRegistrar registrar) : ISipTransactionUser
    {
        public void OnRequest(ServerTransaction tx) => registrar.HandleAsync(tx).AsTask().GetAwaiter().GetResult();

        public void OnAck(SipRequest ack, SipRemote source)
        {
        }

        public void OnCancelled(ServerInviteTransaction invite, SipRequest cancel)
        {
        }

        public void OnStrayResponse(SipResponse response, SipRemote source)
        {
        }
    }
}
