using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace HotlineTelephony.Media.Sdp;

/// <summary>
/// The parts of an SDP body (RFC 8866) that audio offer/answer uses. Parsing is tolerant of unknown lines
/// (they are skipped) but refuses a body without v=, o= or a well-formed m= line.
/// </summary>
public sealed class SessionDescription
{
    public required string Origin { get; init; }

    public string? ConnectionAddress { get; init; }

    public required IReadOnlyList<SdpMediaDescription> Media { get; init; }

    public SdpDirection Direction { get; init; } = SdpDirection.SendRecv;

    public static bool TryParse(string text, [NotNullWhen(true)] out SessionDescription? sdp, out string? error)
    {
        sdp = null;
        error = null;
        string? origin = null;
        string? sessionConnection = null;
        var sessionDirection = SdpDirection.SendRecv;
        var media = new List<SdpMediaDescription>();
        MediaBuilder? current = null;
        bool sawVersion = false;

        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length < 2 || line[1] != '=')
            {
                error = $"Malformed SDP line '{line}'";
                return false;
            }

            var value = line[2..];
            switch (line[0])
            {
                case 'v':
                    sawVersion = value == "0";
                    break;
                case 'o':
                    origin = value;
                    break;
                case 'c':
                    var address = ParseConnection(value);
                    if (address is null)
                    {
                        error = $"Malformed c= line '{value}'";
                        return false;
                    }

                    if (current is null)
                    {
                        sessionConnection = address;
                    }
                    else
                    {
                        current.Connection = address;
                    }

                    break;
                case 'm':
                    if (current is not null)
                    {
                        media.Add(current.Build());
                    }

                    current = MediaBuilder.Parse(value);
                    if (current is null)
                    {
                        error = $"Malformed m= line '{value}'";
                        return false;
                    }

                    break;
                case 'a':
                    if (current is null)
                    {
                        sessionDirection = ParseDirection(value) ?? sessionDirection;
                    }
                    else
                    {
                        current.AddAttribute(value);
                    }

                    break;
            }
        }

        if (current is not null)
        {
            media.Add(current.Build());
        }

        if (!sawVersion || origin is null)
        {
            error = "SDP lacks v=0 or o=";
            return false;
        }

        sdp = new SessionDescription { Origin = origin, ConnectionAddress = sessionConnection, Media = media, Direction = sessionDirection };
        return true;
    }

    internal static SdpDirection? ParseDirection(string attribute) => attribute switch
    {
        "sendrecv" => SdpDirection.SendRecv,
        "sendonly" => SdpDirection.SendOnly,
        "recvonly" => SdpDirection.RecvOnly,
        "inactive" => SdpDirection.Inactive,
        _ => null,
    };

    private static string? ParseConnection(string value)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 3 && parts[0] == "IN" && parts[1] is "IP4" or "IP6" ? parts[2].Split('/')[0] : null;
    }

    private sealed class MediaBuilder
    {
        private readonly Dictionary<int, string> _rtpMaps = new();
        private readonly Dictionary<int, string> _fmtps = new();

        private MediaBuilder(string media, int port, string protocol, List<int> formats)
        {
            Media = media;
            Port = port;
            Protocol = protocol;
            Formats = formats;
        }

        public string Media { get; }

        public int Port { get; }

        public string Protocol { get; }

        public List<int> Formats { get; }

        public string? Connection { get; set; }

        public SdpDirection Direction { get; private set; } = SdpDirection.SendRecv;

        public int? Ptime { get; private set; }

        public static MediaBuilder? Parse(string value)
        {
            var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 4 || !int.TryParse(parts[1].Split('/')[0], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
            {
                return null;
            }

            var formats = new List<int>();
            for (int i = 3; i < parts.Length; i++)
            {
                // Non-RTP media (e.g. m=image udptl t38) has non-numeric formats: keep the section, skip them.
                if (int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out int pt) && pt <= 127)
                {
                    formats.Add(pt);
                }
            }

            return new MediaBuilder(parts[0], port, parts[2], formats);
        }

        public void AddAttribute(string value)
        {
            if (ParseDirection(value) is { } direction)
            {
                Direction = direction;
                return;
            }

            int colon = value.IndexOf(':');
            if (colon < 0)
            {
                return;
            }

            var name = value[..colon];
            var rest = value[(colon + 1)..];
            if (name == "ptime" && int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out int ptime))
            {
                Ptime = ptime;
                return;
            }

            int space = rest.IndexOf(' ');
            if (space <= 0 || !int.TryParse(rest.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out int pt))
            {
                return;
            }

            if (name == "rtpmap")
            {
                _rtpMaps[pt] = rest[(space + 1)..].Trim();
            }
            else if (name == "fmtp")
            {
                _fmtps[pt] = rest[(space + 1)..].Trim();
            }
        }

        public SdpMediaDescription Build() => new()
        {
            Media = Media,
            Port = Port,
            Protocol = Protocol,
            Formats = Formats,
            RtpMaps = _rtpMaps,
            Fmtps = _fmtps,
            ConnectionAddress = Connection,
            Direction = Direction,
            Ptime = Ptime,
        };
    }
}
