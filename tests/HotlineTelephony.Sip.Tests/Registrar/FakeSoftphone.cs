using System.Net;
using System.Text;
using HotlineTelephony.Sip.Authentication;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transports;

namespace HotlineTelephony.Sip.Tests.Registrar;

/// <summary>
/// An agent's softphone behind NAT: it advertises its private address in Contact while its packets arrive from the
/// NAT's public address. Builds REGISTER wire text and answers digest challenges the way real phones do.
/// </summary>
internal sealed class FakeSoftphone
{
    private int _branch;
    private uint _nonceCount;
    private DigestChallenge? _challenge;

    public FakeSoftphone(string extension, string password, string privateHost = "192.168.1.10", string publicAddress = "203.0.113.50", int publicPort = 40000)
    {
        Extension = extension;
        Password = password;
        PrivateHost = privateHost;
        Source = new SipRemote(SipTransportKind.Udp, new IPEndPoint(IPAddress.Parse(publicAddress), publicPort));
    }

    public string Extension { get; }

    public string Password { get; set; }

    /// <summary>The digest username; normally the extension.</summary>
    public string? Username { get; set; }

    public string PrivateHost { get; }

    public SipRemote Source { get; set; }

    public string CallId { get; set; } = "reg-" + Guid.NewGuid().ToString("N")[..8];

    public uint CSeq { get; set; }

    public string DefaultContact => $"<sip:{Extension}@{PrivateHost}:5060>";

    /// <summary>Which offered algorithm to answer, like a phone that only knows MD5.</summary>
    public string Algorithm { get; set; } = "SHA-256";

    public SipRequest CreateRegister(IEnumerable<string>? contacts = null, string? expires = null, string method = SipMethods.Register, IEnumerable<string>? extraHeaders = null)
    {
        CSeq++;
        var text = new StringBuilder()
            .Append($"{method} sip:hotline.local SIP/2.0\r\n")
            .Append($"Via: SIP/2.0/UDP {PrivateHost}:5060;branch=z9hG4bK{Extension}x{++_branch};rport\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append($"From: <sip:{Extension}@hotline.local>;tag=ph{Extension}\r\n")
            .Append($"To: <sip:{Extension}@hotline.local>\r\n")
            .Append($"Call-ID: {CallId}\r\n")
            .Append($"CSeq: {CSeq} {method}\r\n");
        foreach (var contact in contacts ?? [DefaultContact])
        {
            text.Append($"Contact: {contact}\r\n");
        }

        if (expires is not null)
        {
            text.Append($"Expires: {expires}\r\n");
        }

        text.Append("User-Agent: FakePhone/1.0\r\n");
        if (_challenge is not null)
        {
            var credentials = DigestResponder.CreateAuthorization(
                _challenge, method, "sip:hotline.local", Username ?? Extension, Password, "cn0nce", ++_nonceCount);
            var header = method == SipMethods.Register ? "Authorization" : "Proxy-Authorization";
            text.Append($"{header}: {credentials.ToHeaderValue()}\r\n");
        }

        foreach (var header in extraHeaders ?? [])
        {
            text.Append(header).Append("\r\n");
        }

        text.Append("Content-Length: 0\r\n\r\n");
        return (SipRequest)SipMessage.Parse(text.ToString());
    }

    /// <summary>Takes the challenge for <see cref="Algorithm"/> from a 401/407, as the phone's next request will answer it.</summary>
    public void Accept(SipResponse challenge)
    {
        var header = challenge.StatusCode == 401 ? HeaderId.WwwAuthenticate : HeaderId.ProxyAuthenticate;
        foreach (var value in challenge.Headers.GetValues(header))
        {
            if (DigestChallenge.TryParse(value, out var parsed) && parsed.Algorithm.Name == Algorithm)
            {
                _challenge = parsed;
                _nonceCount = 0;
                return;
            }
        }

        throw new InvalidOperationException("No challenge for " + Algorithm + " in:\n" + challenge);
    }

    /// <summary>Makes the next request send the same nonce-count again, as a replayed capture would.</summary>
    public void RepeatNonceCount() => _nonceCount--;
}
