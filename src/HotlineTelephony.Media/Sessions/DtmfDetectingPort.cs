using HotlineTelephony.Media.Dtmf;
using HotlineTelephony.Media.Engine;

namespace HotlineTelephony.Media.Sessions;

/// <summary>
/// Wraps a leg's port and listens for DTMF tones in what the party sends, for trunks that carry digits in the audio
/// instead of RFC 4733. The collector drops in-band reports of presses RFC 4733 already delivered.
/// </summary>
internal sealed class DtmfDetectingPort : IMediaPort
{
    private readonly IMediaPort _inner;
    private readonly DtmfCollector _collector;
    private readonly GoertzelDtmfDetector _detector = new();

    public DtmfDetectingPort(IMediaPort inner, DtmfCollector collector)
    {
        _inner = inner;
        _collector = collector;
    }

    public string Name => _inner.Name;

    public bool ReadFrame(Span<short> frame)
    {
        if (!_inner.ReadFrame(frame))
        {
            return false;
        }

        if (_detector.ProcessFrame(frame, out char digit))
        {
            _collector.AcceptInBand(digit);
        }

        return true;
    }

    public void WriteFrame(ReadOnlySpan<short> frame) => _inner.WriteFrame(frame);
}
