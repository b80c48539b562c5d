namespace HotlineTelephony.Media.Sdp;

/// <summary>One m= section with the attributes offer/answer needs (RFC 8866 §5.14, RFC 3264).</summary>
public sealed class SdpMediaDescription
{
    public required string Media { get; init; }

    public required int Port { get; init; }

    public required string Protocol { get; init; }

    /// <summary>Payload types in the order of preference the sender listed them.</summary>
    public required IReadOnlyList<int> Formats { get; init; }

    /// <summary>a=rtpmap entries: payload type → "encoding/clock[/channels]".</summary>
    public required IReadOnlyDictionary<int, string> RtpMaps { get; init; }

    public IReadOnlyDictionary<int, string> Fmtps { get; init; } = new Dictionary<int, string>();

    /// <summary>The section's c= address, or null to use the session-level one.</summary>
    public string? ConnectionAddress { get; init; }

    public SdpDirection Direction { get; init; } = SdpDirection.SendRecv;

    public int? Ptime { get; init; }

    /// <summary>The encoding name for a payload type: from a=rtpmap, or the RFC 3551 static table.</summary>
    public string? EncodingOf(int payloadType) =>
        RtpMaps.TryGetValue(payloadType, out var map) ? map.Split('/')[0]
        : payloadType switch { 0 => "PCMU", 8 => "PCMA", 9 => "G722", 13 => "CN", 18 => "G729", _ => null };

    /// <summary>The clock rate for a payload type (8000 for the static G.711 ones).</summary>
    public int ClockRateOf(int payloadType)
    {
        if (RtpMaps.TryGetValue(payloadType, out var map))
        {
            var parts = map.Split('/');
            if (parts.Length > 1 && int.TryParse(parts[1], out int rate))
            {
                return rate;
            }
        }

        return 8000;
    }
}
