using System.Net;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transactions;
using HotlineTelephony.Sip.Transports;

namespace HotlineTelephony.Sip.Tests.TestSupport;

/// <summary>
/// The network as the UA core sees it: records every message we send as wire text (re-parsed, so tests see
/// exactly what a peer would) and lets a test inject messages as if a peer had sent them.
/// </summary>
internal sealed class SipTestWire : ISipSender
{
    public const string OurHost = "10.0.0.1";
    public const int OurPort = 5060;

    private readonly Lock _lock = new();
    private readonly List<SentMessage> _sent = [];

    public SipTransactionLayer? Layer { get; set; }

    public IReadOnlyList<SentMessage> Sent
    {
        get
        {
            lock (_lock)
            {
                return [.. _sent];
            }
        }
    }

    public ValueTask<SipRemote> SendRequestAsync(SipRequest request, SipRemote destination, CancellationToken cancellationToken = default)
    {
        // Like the real transport: the top Via gets the sent-by actually used.
        if (request.TopVia is { } via && via.Host != OurHost)
        {
            var fixedVia = new ViaHeader(TransportToken(destination.Transport), OurHost, OurPort, via.Parameters);
            request.Headers.SetAt(request.Headers.IndexOf(HeaderId.Via), fixedVia.ToString());
        }

        Record(request, destination);
        return ValueTask.FromResult(destination);
    }

    public ValueTask SendResponseAsync(SipResponse response, SipRemote requestSource, CancellationToken cancellationToken = default)
    {
        Record(response, requestSource);
        return ValueTask.CompletedTask;
    }

    public (string Host, int Port) GetSentBy(SipTransportKind transport) => (OurHost, OurPort);

    /// <summary>Delivers a message as if <paramref name="from"/> had sent it (through wire text, like a real receive).</summary>
    public void Inject(SipMessage message, SipRemote from)
    {
        var parsed = SipMessage.Parse(message.ToString());
        Layer!.OnMessage(parsed, from);
    }

    public void Clear()
    {
        lock (_lock)
        {
            _sent.Clear();
        }
    }

    public List<SipRequest> Requests(string method, SipRemote? to = null) =>
        Sent.Where(s => s.Message is SipRequest r && r.Method == method && (to is null || s.Remote == to)).Select(s => (SipRequest)s.Message).ToList();

    public List<SipResponse> Responses(int statusCode, string? method = null) =>
        Sent.Where(s => s.Message is SipResponse r && r.StatusCode == statusCode && (method is null || r.CSeq.Method == method))
            .Select(s => (SipResponse)s.Message).ToList();

    public List<SipResponse> FinalResponses() =>
        Sent.Where(s => s.Message is SipResponse { StatusCode: >= 200 }).Select(s => (SipResponse)s.Message).ToList();

    public static SipRemote Udp(string ip, int port) => new(SipTransportKind.Udp, new IPEndPoint(IPAddress.Parse(ip), port));

    private void Record(SipMessage message, SipRemote remote)
    {
        var text = message.ToString();
        lock (_lock)
        {
            _sent.Add(new SentMessage(SipMessage.Parse(text), remote, text));
        }
    }

    private static string TransportToken(SipTransportKind kind) => kind.ToString().ToUpperInvariant();
}

internal sealed record SentMessage(SipMessage Message, SipRemote Remote, string Text);
