using System.Text;
using BenchmarkDotNet.Attributes;
using HotlineTelephony.Sip.Messages;

namespace HotlineTelephony.Sip.Benchmarks;

/// <summary>
/// Parsing a typical carrier INVITE with SDP: the bare span parse, the materialising model, and the model
/// plus the fields the transaction layer reads for every request (Call-ID, CSeq, top Via branch).
/// </summary>
[MemoryDiagnoser]
public class SipParseBenchmarks
{
    private static readonly byte[] s_invite = Encoding.ASCII.GetBytes(
        "INVITE sip:+861012345678@192.0.2.10:5060;user=phone SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 203.0.113.5:5060;branch=z9hG4bK-524287-1---4c1f2a9d0e7b3c55;rport\r\n" +
        "Max-Forwards: 69\r\n" +
        "Contact: <sip:+8613800000000@203.0.113.5:5060;transport=udp>\r\n" +
        "To: <sip:+861012345678@carrier.example.com;user=phone>\r\n" +
        "From: \"+8613800000000\" <sip:+8613800000000@carrier.example.com;user=phone>;tag=as5f3e2a1b\r\n" +
        "Call-ID: 7c3f9a2e4b1d4c7e@203.0.113.5\r\n" +
        "CSeq: 102 INVITE\r\n" +
        "Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, INFO, UPDATE, PRACK\r\n" +
        "Supported: replaces, timer, 100rel\r\n" +
        "Session-Expires: 1800;refresher=uac\r\n" +
        "P-Asserted-Identity: <sip:+8613800000000@carrier.example.com;user=phone>\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 252\r\n" +
        "\r\n" +
        "v=0\r\n" +
        "o=CarrierSBC 1700000000 1700000001 IN IP4 203.0.113.5\r\n" +
        "s=SIP Call\r\n" +
        "c=IN IP4 203.0.113.6\r\n" +
        "t=0 0\r\n" +
        "m=audio 31000 RTP/AVP 8 0 101\r\n" +
        "a=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\n" +
        "a=fmtp:101 0-15\r\n" +
        "a=ptime:20\r\n" +
        "a=sendrecv\r\n");

    public static int MessageLength => s_invite.Length;

    [GlobalSetup]
    public void CheckTheMessage()
    {
        if (!SipMessage.TryParse(s_invite, out var msg, out var error) || !SipMessageValidator.TryValidate(msg, out error) || msg.Body.Length != 252)
        {
            throw new InvalidOperationException("Benchmark INVITE does not parse: " + error);
        }
    }

    [Benchmark(Baseline = true, Description = "SipParser.TryParse, no-op handler")]
    public bool SpanParse()
    {
        var handler = default(NoOpHandler);
        return SipParser.TryParse(s_invite, ref handler, out _);
    }

    [Benchmark(Description = "SipMessage.TryParse")]
    public SipMessage? ModelParse() => SipMessage.TryParse(s_invite, out var msg, out _) ? msg : null;

    [Benchmark(Description = "SipMessage.TryParse + Call-ID, CSeq, top Via branch")]
    public int TransactionKeyRead()
    {
        if (!SipMessage.TryParse(s_invite, out var msg, out _))
        {
            return 0;
        }

        var callId = msg.CallId;
        var cseq = msg.CSeq;
        var branch = msg.TopVia?.Branch;
        return callId!.Length + (int)cseq.Number + branch!.Length;
    }

    private struct NoOpHandler : ISipParseHandler
    {
        public void OnRequestLine(int methodStart, int methodLength, int uriStart, int uriLength)
        {
        }

        public void OnStatusLine(int statusCode, int reasonStart, int reasonLength)
        {
        }

        public void OnHeader(HeaderId id, int nameStart, int nameLength, int valueStart, int valueLength, bool folded)
        {
        }

        public void OnBody(int start, int length)
        {
        }
    }
}
