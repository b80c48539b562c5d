using System.Net;
using HotlineTelephony.Media.Dtmf;
using HotlineTelephony.Media.Engine;
using HotlineTelephony.Media.Rtp;
using HotlineTelephony.Media.Sdp;

namespace HotlineTelephony.Media.Sessions;

/// <summary>
/// One party's media: its RTP session, the SDP state of its offer/answer exchanges, the port the bridge mixes
/// (G.711 decode/encode, in-band DTMF detection), and the digits it sends whichever way they come.
/// </summary>
public sealed class MediaLeg : IRtpEventSink, IAsyncDisposable
{
    private readonly ConferenceBridge _bridge;
    private readonly SdpNegotiator _sdp;
    private readonly Rfc4733Receiver _rfc4733;
    private readonly DtmfCollector _dtmf;
    private readonly Lock _lock = new();
    private byte _payloadType = byte.MaxValue;
    private InBandDtmfDetection _inBandDtmf = InBandDtmfDetection.Always;

    internal MediaLeg(string name, IPAddress bindAddress, string advertisedAddress, MediaEngine engine, ConferenceBridge bridge, TimeProvider time)
    {
        Name = name;
        _bridge = bridge;
        Session = engine.OpenSession(bindAddress);
        Session.EventSink = this;
        Session.RtpTimeout += (_, _) => TimedOut?.Invoke(this);
        Session.Start(engine.Receivers);
        _sdp = new SdpNegotiator(advertisedAddress, Random.Shared.NextInt64(1, long.MaxValue / 2));
        _rfc4733 = new Rfc4733Receiver(time);
        _dtmf = new DtmfCollector(time);
        _dtmf.Attach(_rfc4733);
        _dtmf.DigitReceived += digit => Digit?.Invoke(this, digit);
    }

    public string Name { get; }

    public RtpSession Session { get; }

    /// <summary>The port the bridge mixes, once a codec has been negotiated.</summary>
    public IMediaPort? Port { get; private set; }

    /// <summary>The direction the other end last offered or answered (sendonly/inactive: it holds us).</summary>
    public SdpDirection RemoteDirection { get; private set; } = SdpDirection.SendRecv;

    /// <summary>Negotiated audio codec name (PCMU or PCMA), for the call record.</summary>
    public string? Codec { get; private set; }

    /// <summary>No RTP for <see cref="MediaEngineOptions.RtpTimeoutSeconds"/> while not on hold: the party is gone.</summary>
    public event Action<MediaLeg>? TimedOut;

    /// <summary>One event per key press, from RFC 4733, SIP INFO or in-band tones.</summary>
    public event Action<MediaLeg, DtmfEvent>? Digit;

    public int LocalPort => Session.LocalRtpEndPoint.Port;

    /// <summary>
    /// When to listen for DTMF tones in the party's audio. Default <see cref="InBandDtmfDetection.Always"/>; a
    /// leg that detects tones keeps its bridge on the mixer path (the detector needs the decoded audio).
    /// </summary>
    public InBandDtmfDetection InBandDtmf
    {
        get => _inBandDtmf;
        set
        {
            lock (_lock)
            {
                _inBandDtmf = value;
                if (Port is DtmfDetectingPort port)
                {
                    port.Detection = value;
                }
            }
        }
    }

    /// <summary>The G.711 side of <see cref="Port"/> (decode/encode counters), once a codec has been negotiated.</summary>
    public RtpLegPort? RtpPort => (Port as DtmfDetectingPort)?.Leg;

    /// <summary>Answers the party's offer (RFC 3264); null when no codec matches (answer 488).</summary>
    public string? Answer(string offer)
    {
        if (!SessionDescription.TryParse(offer, out var description, out _))
        {
            return null;
        }

        lock (_lock)
        {
            var answer = _sdp.CreateAnswer(description, LocalPort);
            if (answer is null)
            {
                return null;
            }

            var audio = FirstAudio(description)!;
            Apply(description, audio, (byte)answer.PayloadType, answer.TelephoneEventPayloadType);
            return answer.Sdp;
        }
    }

    /// <summary>Our offer to the party: PCMU, PCMA and telephone-event on our port.</summary>
    public string CreateOffer()
    {
        lock (_lock)
        {
            return _sdp.CreateOffer(LocalPort);
        }
    }

    /// <summary>Takes the party's answer to our offer; false when it holds no G.711 audio we offered.</summary>
    public bool ApplyAnswer(string answer)
    {
        if (!SessionDescription.TryParse(answer, out var description, out _) || FirstAudio(description) is not { } audio)
        {
            return false;
        }

        int? payloadType = null;
        int? telephoneEvent = null;
        foreach (int format in audio.Formats)
        {
            var encoding = audio.EncodingOf(format);
            if (payloadType is null && encoding is "PCMU" or "PCMA")
            {
                payloadType = format;
            }
            else if (telephoneEvent is null && string.Equals(encoding, "telephone-event", StringComparison.OrdinalIgnoreCase))
            {
                telephoneEvent = format;
            }
        }

        if (payloadType is null)
        {
            return false;
        }

        lock (_lock)
        {
            Apply(description, audio, (byte)payloadType.Value, telephoneEvent);
        }

        return true;
    }

    /// <summary>A digit that arrived by SIP INFO (application/dtmf-relay or application/dtmf).</summary>
    public bool AcceptSipInfo(string? contentType, string body) =>
        SipInfoDtmfParser.TryParse(contentType ?? string.Empty, body, out char digit, out int duration) && _dtmf.AcceptSipInfo(digit, duration);

    void IRtpEventSink.OnTelephoneEvent(ReadOnlySpan<byte> payload, uint timestamp, bool marker, uint ssrc) =>
        _rfc4733.OnTelephoneEvent(payload, timestamp, marker, ssrc);

    public async ValueTask DisposeAsync()
    {
        _rfc4733.Flush();
        await Session.DisposeAsync().ConfigureAwait(false);
    }

    private static SdpMediaDescription? FirstAudio(SessionDescription description)
    {
        foreach (var media in description.Media)
        {
            if (media.Media == "audio" && media.Port != 0)
            {
                return media;
            }
        }

        return null;
    }

    private void Apply(SessionDescription description, SdpMediaDescription audio, byte payloadType, int? telephoneEvent)
    {
        var address = audio.ConnectionAddress ?? description.ConnectionAddress;
        if (address is not null && IPAddress.TryParse(address, out var ip))
        {
            Session.SetRemote(new IPEndPoint(ip, audio.Port));
        }

        RemoteDirection = audio.Direction != SdpDirection.SendRecv ? audio.Direction : description.Direction;

        // Held by the other end: no RTP is expected, so the RTP timeout must not end the call.
        Session.Hold = RemoteDirection is SdpDirection.SendOnly or SdpDirection.Inactive;
        Session.TelephoneEventPayloadType = telephoneEvent ?? -1;
        _dtmf.Rfc4733Negotiated = telephoneEvent is not null;
        Codec = payloadType == RtpLegPort.PcmaPayloadType ? "PCMA" : "PCMU";

        if (payloadType == _payloadType && Port is not null)
        {
            return;
        }

        // First negotiation, or the codec changed in a re-INVITE: a new port takes over the old one's connections.
        var port = new DtmfDetectingPort(new RtpLegPort(Name, Session, payloadType), _dtmf, _inBandDtmf);
        if (Port is { } old)
        {
            _bridge.Replace(old, port);
        }
        else
        {
            _bridge.AddPort(port);
        }

        Port = port;
        _payloadType = payloadType;
    }
}
