using HotlineTelephony.Media.Dtmf;
using HotlineTelephony.Media.Engine;
using HotlineTelephony.Media.Rtp;

namespace HotlineTelephony.Media.Sessions;

/// <summary>
/// Wraps a leg's port and listens for DTMF tones in what the party sends, for trunks that carry digits in the audio
/// instead of RFC 4733. The collector drops in-band reports of presses RFC 4733 already delivered. While detection
/// is not needed (<see cref="Detection"/>) the port lets the bridge relay the leg without decoding it.
/// </summary>
internal sealed class DtmfDetectingPort : IRelayablePort
{
    private readonly RtpLegPort _inner;
    private readonly DtmfCollector _collector;
    private readonly GoertzelDtmfDetector _detector = new();

    public DtmfDetectingPort(RtpLegPort inner, DtmfCollector collector, InBandDtmfDetection detection)
    {
        _inner = inner;
        _collector = collector;
        Detection = detection;
    }

    public string Name => _inner.Name;

    public RtpLegPort Leg => _inner;

    public RtpSession Session => _inner.Session;

    public byte PayloadType => _inner.PayloadType;

    /// <summary>Set by the leg's owner (SIP side), read on the clock thread: a plain field is enough.</summary>
    public InBandDtmfDetection Detection { get; set; }

    public bool NeedsSamples => Detection switch
    {
        InBandDtmfDetection.Always => true,
        InBandDtmfDetection.WithoutTelephoneEvent => !_collector.Rfc4733Negotiated,
        _ => false,
    };

    public bool ReadFrame(Span<short> frame)
    {
        if (!_inner.ReadFrame(frame))
        {
            return false;
        }

        if (NeedsSamples && _detector.ProcessFrame(frame, out char digit))
        {
            _collector.AcceptInBand(digit);
        }

        return true;
    }

    public void WriteFrame(ReadOnlySpan<short> frame) => _inner.WriteFrame(frame);

    public void ResetDecoder()
    {
        _inner.ResetDecoder();
        _detector.Reset();
    }
}
