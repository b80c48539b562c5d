namespace HotlineTelephony.Media.Engine;

/// <summary>
/// A port in the PJSIP conference-bridge sense: a player, a recorder, a call leg or a mixer output. On every tick
/// its media clock first asks each port for the frame it produces, then gives each port the frame it should hear
/// (the sum of the ports connected to it). Both calls happen on the clock's thread, one tick at a time, so a port
/// needs no locking against itself; they must not block or allocate.
/// </summary>
public interface IMediaPort
{
    /// <summary>A short name for logs and tests ("caller", "agent 1001", "moh").</summary>
    string Name { get; }

    /// <summary>
    /// Fills <paramref name="frame"/> (exactly <see cref="MediaFormat.FrameSamples"/> samples) with the next 20 ms this
    /// port produces. Returns false when it has nothing this tick (silence, no packet arrived, end of prompt);
    /// the frame's contents are then ignored.
    /// </summary>
    bool ReadFrame(Span<short> frame);

    /// <summary>Hands the port the 20 ms it should hear (for a leg: what to send; for a recorder: what to write).</summary>
    void WriteFrame(ReadOnlySpan<short> frame);
}
