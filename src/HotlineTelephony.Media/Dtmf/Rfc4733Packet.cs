namespace HotlineTelephony.Media.Dtmf;

/// <summary>
/// What the RTP session needs to know about one telephone-event payload written by <see cref="Rfc4733Sender"/>:
/// whether to set the marker bit, and whether to reuse the timestamp of the previous packet (every packet after the
/// first) or take a fresh one from the media clock (the first). Sequence numbers are always the session's own,
/// incremented per packet, including the three end packets.
/// </summary>
public readonly record struct Rfc4733Packet(bool Marker, bool SameTimestamp, bool End, ushort Duration);
