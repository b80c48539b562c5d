using System.Net;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Timers;
using HotlineTelephony.Sip.Transactions;
using HotlineTelephony.Sip.Transports;
using Microsoft.Extensions.Time.Testing;

namespace HotlineTelephony.Sip.Tests.Transactions;

/// <summary>A transaction layer on fake time with a recording transport and user; times are relative to creation.</summary>
public sealed class TransactionHarness : IDisposable
{
    public static readonly SipRemote Udp = new(SipTransportKind.Udp, new IPEndPoint(IPAddress.Parse("203.0.113.5"), 5060));
    public static readonly SipRemote Tcp = new(SipTransportKind.Tcp, new IPEndPoint(IPAddress.Parse("203.0.113.5"), 5060), 42);

    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);

    private readonly long _start;

    public TransactionHarness(SipTimerOptions? timers = null)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
        _start = Time.GetTimestamp();
        Wheel = new TimerWheel(Time, Step, 1024);
        Sender = new FakeSipSender(Time);
        User = new RecordingTransactionUser(() => Now);
        Timers = timers ?? new SipTimerOptions();
        Layer = new SipTransactionLayer(Sender, Wheel, Timers, User);
    }

    public FakeTimeProvider Time { get; }

    public TimerWheel Wheel { get; }

    public FakeSipSender Sender { get; }

    public RecordingTransactionUser User { get; }

    public SipTimerOptions Timers { get; }

    public SipTransactionLayer Layer { get; }

    public TimeSpan Now => Time.GetElapsedTime(_start);

    /// <summary>Moves fake time to <paramref name="at"/> one wheel tick at a time, so recorded send times are exact.</summary>
    public void AdvanceTo(TimeSpan at)
    {
        while (Now + Step <= at)
        {
            Time.Advance(Step);
        }

        if (Now < at)
        {
            Time.Advance(at - Now);
        }
    }

    public void AdvanceTo(double seconds) => AdvanceTo(TimeSpan.FromSeconds(seconds));

    public void Deliver(string wireText, SipRemote? source = null) => Layer.OnMessage(SipMessage.Parse(wireText), source ?? Udp);

    /// <summary>Delivers a response to <paramref name="tx"/>'s request as it would come off the wire.</summary>
    public void Respond(ClientTransaction tx, int statusCode, string? toTag = "uas1", SipRemote? source = null) =>
        Deliver(SipResponse.CreateFor(tx.Request, statusCode, null, toTag).ToString(), source);

    public static SipRequest NewRequest(string method, uint cseq = 1)
    {
        var headers = new SipHeaders();
        headers.Add(HeaderId.MaxForwards, "70");
        headers.Add(HeaderId.Route, "<sip:sbc.carrier.example;lr>");
        headers.Add(HeaderId.From, "\"12345 Hotline\" <sip:12345@hotline.example>;tag=uac1");
        headers.Add(HeaderId.To, "<sip:13800000000@carrier.example>");
        headers.Add(HeaderId.CallId, "call-1@hotline.example");
        headers.Add(HeaderId.CSeq, $"{cseq} {method}");
        headers.Add(HeaderId.Contact, "<sip:12345@192.0.2.10:5060>");
        return new SipRequest(method, SipUri.Parse("sip:13800000000@carrier.example"), headers);
    }

    /// <summary>A request from a softphone, as wire text.</summary>
    public static string Incoming(
        string method,
        string branch = "z9hG4bKcaller1",
        uint cseq = 1,
        string? toTag = null,
        string sentBy = "198.51.100.7:5060",
        string transport = "UDP",
        string callId = "abc@198.51.100.7") =>
        $"{method} sip:12345@192.0.2.10 SIP/2.0\r\n" +
        $"Via: SIP/2.0/{transport} {sentBy};branch={branch};rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: <sip:8001@hotline.example>;tag=phone1\r\n" +
        $"To: <sip:12345@hotline.example>{(toTag is null ? string.Empty : ";tag=" + toTag)}\r\n" +
        $"Call-ID: {callId}\r\n" +
        $"CSeq: {cseq} {method}\r\n" +
        "Content-Length: 0\r\n\r\n";

    public void Dispose()
    {
        Layer.Dispose();
        Wheel.Dispose();
    }
}
