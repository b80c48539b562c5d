namespace HotlineTelephony.Media.Audio;

/// <summary>
/// A call-progress signal: a tone switched on and off in a fixed rhythm. <see cref="OffMilliseconds"/> 0 means
/// continuous; <see cref="Repeats"/> false plays one burst (a beep) and stops.
/// </summary>
public sealed record ToneCadence(
    string Name,
    double FrequencyHz,
    double LevelDbfs,
    int OnMilliseconds,
    int OffMilliseconds,
    bool Repeats = true)
{
    /// <summary>
    /// Tone level for the presets. Call-progress tones are sent around −10 dBm0, and 0 dBm0 sits about 3 dB below
    /// G.711 full scale, so −13 dBFS.
    /// </summary>
    public const double DefaultLevelDbfs = -13;

    /// <summary>China dial tone (拨号音): 450 Hz continuous.</summary>
    public static ToneCadence ChinaDial { get; } = new("dial", 450, DefaultLevelDbfs, 1000, 0);

    /// <summary>China ringback (回铃音): 450 Hz, 1 s on, 4 s off.</summary>
    public static ToneCadence ChinaRingback { get; } = new("ringback", 450, DefaultLevelDbfs, 1000, 4000);

    /// <summary>China busy (忙音): 450 Hz, 0.35 s on, 0.35 s off.</summary>
    public static ToneCadence ChinaBusy { get; } = new("busy", 450, DefaultLevelDbfs, 350, 350);

    /// <summary>China congestion (拥塞音): 450 Hz, 0.7 s on, 0.7 s off.</summary>
    public static ToneCadence ChinaCongestion { get; } = new("congestion", 450, DefaultLevelDbfs, 700, 700);

    /// <summary>The record-after-the-tone beep: 1000 Hz for 200 ms, once.</summary>
    public static ToneCadence Beep { get; } = new("beep", 1000, DefaultLevelDbfs, 200, 0, Repeats: false);

    public bool IsContinuous => OffMilliseconds == 0 && Repeats;
}
