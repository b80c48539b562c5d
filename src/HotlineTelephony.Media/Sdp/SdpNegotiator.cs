using System.Globalization;
using System.Text;

namespace HotlineTelephony.Media.Sdp;

/// <summary>
/// Builds our offers and answers (RFC 3264) for G.711 audio with telephone-event. The answer keeps the
/// offerer's codec preference, mirrors the direction per RFC 3264 §6.1 (sendonly → recvonly, inactive →
/// inactive), rejects other streams with port 0, and returns null when no audio codec matches (488).
/// </summary>
public sealed class SdpNegotiator
{
    private static readonly string[] s_supported = ["PCMU", "PCMA"];

    private readonly string _address;
    private readonly long _sessionId;
    private int _version;

    public SdpNegotiator(string address, long sessionId)
    {
        _address = address;
        _sessionId = sessionId;
    }

    /// <summary>The result of answering: the SDP text and the codec chosen for the first audio stream.</summary>
    public sealed record Answer(string Sdp, int PayloadType, string Encoding, int? TelephoneEventPayloadType, SdpDirection Direction);

    public Answer? CreateAnswer(SessionDescription offer, int localPort)
    {
        var body = new StringBuilder(256);
        AppendSessionHeader(body);
        Answer? chosen = null;
        foreach (var m in offer.Media)
        {
            int? pt = null;
            int? dtmf = null;
            if (chosen is null && m.Media == "audio" && m.Protocol == "RTP/AVP" && m.Port != 0)
            {
                foreach (int candidate in m.Formats)
                {
                    var enc = m.EncodingOf(candidate);
                    if (pt is null && enc is not null && Array.IndexOf(s_supported, enc.ToUpperInvariant()) >= 0 && m.ClockRateOf(candidate) == 8000)
                    {
                        pt = candidate;
                    }
                    else if (dtmf is null && string.Equals(enc, "telephone-event", StringComparison.OrdinalIgnoreCase) && m.ClockRateOf(candidate) == 8000)
                    {
                        dtmf = candidate;
                    }
                }
            }

            if (pt is null)
            {
                // RFC 3264 §6: a stream we refuse is answered with port 0 and the offered formats.
                body.Append("m=").Append(m.Media).Append(" 0 ").Append(m.Protocol);
                foreach (int f in m.Formats)
                {
                    body.Append(' ').Append(f);
                }

                if (m.Formats.Count == 0)
                {
                    body.Append(" 0");
                }

                body.Append("\r\n");
                continue;
            }

            var direction = Mirror(m.Direction == SdpDirection.SendRecv ? offer.Direction : m.Direction);
            var encoding = m.EncodingOf(pt.Value)!.ToUpperInvariant();
            AppendAudio(body, localPort, [(pt.Value, encoding)], dtmf, direction, m.Ptime ?? 20);
            chosen = new Answer(string.Empty, pt.Value, encoding, dtmf, direction);
        }

        return chosen is null ? null : chosen with { Sdp = body.ToString() };
    }

    /// <summary>Our offer: PCMU, PCMA and telephone-event/8000 on payload type 101.</summary>
    public string CreateOffer(int localPort, SdpDirection direction = SdpDirection.SendRecv)
    {
        var body = new StringBuilder(256);
        AppendSessionHeader(body);
        AppendAudio(body, localPort, [(0, "PCMU"), (8, "PCMA")], 101, direction, 20);
        return body.ToString();
    }

    public static SdpDirection Mirror(SdpDirection offered) => offered switch
    {
        SdpDirection.SendOnly => SdpDirection.RecvOnly,
        SdpDirection.RecvOnly => SdpDirection.SendOnly,
        SdpDirection.Inactive => SdpDirection.Inactive,
        _ => SdpDirection.SendRecv,
    };

    private void AppendSessionHeader(StringBuilder body)
    {
        // o= version goes up by one with every new description in the session (RFC 3264 §8).
        string family = _address.Contains(':') ? "IP6" : "IP4";
        body.Append("v=0\r\n")
            .Append("o=- ").Append(_sessionId.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(_version++.ToString(CultureInfo.InvariantCulture)).Append(" IN ").Append(family).Append(' ').Append(_address).Append("\r\n")
            .Append("s=HotlineTelephony\r\n")
            .Append("c=IN ").Append(family).Append(' ').Append(_address).Append("\r\n")
            .Append("t=0 0\r\n");
    }

    private static void AppendAudio(StringBuilder body, int port, (int Pt, string Encoding)[] codecs, int? dtmf, SdpDirection direction, int ptime)
    {
        body.Append("m=audio ").Append(port.ToString(CultureInfo.InvariantCulture)).Append(" RTP/AVP");
        foreach (var (pt, _) in codecs)
        {
            body.Append(' ').Append(pt.ToString(CultureInfo.InvariantCulture));
        }

        if (dtmf is { } d)
        {
            body.Append(' ').Append(d.ToString(CultureInfo.InvariantCulture));
        }

        body.Append("\r\n");
        foreach (var (pt, encoding) in codecs)
        {
            body.Append("a=rtpmap:").Append(pt.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(encoding).Append("/8000\r\n");
        }

        if (dtmf is { } e)
        {
            var pt = e.ToString(CultureInfo.InvariantCulture);
            body.Append("a=rtpmap:").Append(pt).Append(" telephone-event/8000\r\n");
            body.Append("a=fmtp:").Append(pt).Append(" 0-16\r\n");
        }

        body.Append("a=ptime:").Append(ptime.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        body.Append('a').Append('=').Append(direction switch
        {
            SdpDirection.SendOnly => "sendonly",
            SdpDirection.RecvOnly => "recvonly",
            SdpDirection.Inactive => "inactive",
            _ => "sendrecv",
        }).Append("\r\n");
    }
}
