using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace HotlineTelephony.Server.Tests;

/// <summary>
/// A caller on the trusted local trunk speaking plain SIP over UDP from 127.0.0.1: INVITE with a PCMU offer, ACK of
/// the 200, BYE. Enough to put one call through the host in process; every wait is bounded.
/// </summary>
public sealed partial class SipTestCaller : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly UdpClient _rtp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly IPEndPoint _server;
    private readonly string _caller;
    private readonly string _fromTag = Guid.NewGuid().ToString("N")[..10];
    private string? _toHeader;
    private string? _remoteTarget;

    public SipTestCaller(int serverPort, string caller)
    {
        _server = new IPEndPoint(IPAddress.Loopback, serverPort);
        _caller = caller;
    }

    public string CallId { get; } = "metrics-" + Guid.NewGuid().ToString("N");

    private int LocalPort => ((IPEndPoint)_udp.Client.LocalEndPoint!).Port;

    /// <summary>INVITE, wait for the 200, ACK it.</summary>
    public async Task CallAsync(string number)
    {
        var sdp = $"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio {((IPEndPoint)_rtp.Client.LocalEndPoint!).Port} RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n";
        var uri = $"sip:{number}@127.0.0.1:{_server.Port}";
        await SendAsync(Request("INVITE", uri, 1, $"To: <{uri}>", "Content-Type: application/sdp", sdp));
        var ok = await ReceiveAsync(r => r.StartsWith("SIP/2.0 200", StringComparison.Ordinal) && r.Contains("INVITE", StringComparison.Ordinal));
        _toHeader = HeaderLine(ok, "To");
        _remoteTarget = ContactUri().Match(ok) is { Success: true } contact ? contact.Groups[1].Value : uri;
        await SendAsync(Request("ACK", _remoteTarget, 1, _toHeader));
    }

    /// <summary>
    /// Waits for the server's first RTP packet: the welcome starts once the server has the ACK, and the call's
    /// recording with it.
    /// </summary>
    public async Task WaitForMediaAsync()
    {
        using var timeout = new CancellationTokenSource(Wait);
        await _rtp.ReceiveAsync(timeout.Token);
    }

    /// <summary>BYE, wait for its 200.</summary>
    public async Task HangUpAsync()
    {
        await SendAsync(Request("BYE", _remoteTarget!, 2, _toHeader!));
        await ReceiveAsync(r => r.StartsWith("SIP/2.0 200", StringComparison.Ordinal) && r.Contains(" BYE", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _udp.Dispose();
        _rtp.Dispose();
    }

    private string Request(string method, string uri, int cseq, string to, string? contentType = null, string body = "")
    {
        var text = new StringBuilder()
            .Append($"{method} {uri} SIP/2.0\r\n")
            .Append($"Via: SIP/2.0/UDP 127.0.0.1:{LocalPort};branch=z9hG4bK{Guid.NewGuid():N};rport\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append($"From: <sip:{_caller}@127.0.0.1>;tag={_fromTag}\r\n")
            .Append(to).Append("\r\n")
            .Append($"Call-ID: {CallId}\r\n")
            .Append($"CSeq: {cseq} {method}\r\n")
            .Append($"Contact: <sip:{_caller}@127.0.0.1:{LocalPort}>\r\n");
        if (contentType is not null)
        {
            text.Append(contentType).Append("\r\n");
        }

        return text.Append($"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n").Append(body).ToString();
    }

    private async Task SendAsync(string message)
    {
        var bytes = Encoding.UTF8.GetBytes(message);
        await _udp.SendAsync(bytes, _server);
    }

    /// <summary>Reads until a message matches; requests from the server (retransmitted 200s, OPTIONS) are skipped.</summary>
    private async Task<string> ReceiveAsync(Func<string, bool> match)
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (true)
        {
            var received = await _udp.ReceiveAsync(timeout.Token);
            var text = Encoding.UTF8.GetString(received.Buffer);
            if (match(text))
            {
                return text;
            }
        }
    }

    private static string HeaderLine(string message, string name) =>
        message.Split("\r\n").First(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"\r\nContact:\s*<([^>]+)>", RegexOptions.IgnoreCase)]
    private static partial Regex ContactUri();
}
