namespace HotlineTelephony.Media.Rtp;

/// <summary>Conversion between wall-clock time and the 64-bit NTP format RTCP uses (RFC 3550 §4).</summary>
public static class NtpTimestamp
{
    private static readonly DateTimeOffset s_epoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static ulong FromDateTime(DateTimeOffset time)
    {
        long ticks = (time - s_epoch).Ticks;
        ulong seconds = (ulong)(ticks / TimeSpan.TicksPerSecond);
        ulong fraction = (ulong)(ticks % TimeSpan.TicksPerSecond) * 0x1_0000_0000UL / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }

    public static DateTimeOffset ToDateTime(ulong ntp)
    {
        long seconds = (long)(ntp >> 32);
        long fractionTicks = (long)((ntp & 0xFFFF_FFFFUL) * TimeSpan.TicksPerSecond >> 32);
        return s_epoch.AddTicks((seconds * TimeSpan.TicksPerSecond) + fractionTicks);
    }

    /// <summary>The middle 32 bits (16.16 fixed-point seconds), the unit of LSR and round-trip arithmetic.</summary>
    public static uint Middle(ulong ntp) => (uint)(ntp >> 16);
}
