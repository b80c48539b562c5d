namespace HotlineTelephony.Media.Dtmf;

/// <summary>
/// One key press. <paramref name="Timestamp"/> is when the press <em>started</em>, on the monotonic clock of the
/// <see cref="TimeProvider"/> that stamped it (<c>GetElapsedTime(0, GetTimestamp())</c>), so presses reported
/// by different sources at different moments (RFC 4733 at key release, in-band after 40 ms of tone) can still be
/// matched by their start. <paramref name="DurationMilliseconds"/> is 0 when the source does not know it.
/// </summary>
public readonly record struct DtmfEvent(char Digit, DtmfSource Source, int DurationMilliseconds, TimeSpan Timestamp);
