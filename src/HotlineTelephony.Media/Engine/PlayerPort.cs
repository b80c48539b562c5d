namespace HotlineTelephony.Media.Engine;

/// <summary>
/// Plays a clip of 8 kHz PCM16 samples (a prompt, or hold music when looped) into whatever it is connected to.
/// The clip is shared, not copied, so many players can play one decoded file.
/// </summary>
/// <remarks>
/// <see cref="Finished"/> is raised on the thread pool, never on the clock thread, so a handler may block or start the
/// next prompt; queuing it allocates nothing because the player is its own work item.
/// </remarks>
public sealed class PlayerPort : IMediaPort, IThreadPoolWorkItem
{
    private readonly ReadOnlyMemory<short> _samples;
    private int _position;
    private volatile bool _finished;
    private volatile bool _restartRequested;

    public PlayerPort(string name, ReadOnlyMemory<short> samples, bool loop = false)
    {
        Name = name;
        _samples = samples;
        Loop = loop;
    }

    /// <summary>Raised once each time a non-looping clip reaches its end.</summary>
    public event EventHandler? Finished;

    public string Name { get; }

    public bool Loop { get; }

    /// <summary>True once a non-looping clip has played to the end (until <see cref="Restart"/>).</summary>
    public bool IsFinished => _finished;

    /// <summary>Plays the clip again from the start, from the next tick. Safe from any thread.</summary>
    public void Restart() => _restartRequested = true;

    public bool ReadFrame(Span<short> frame)
    {
        if (_restartRequested)
        {
            _restartRequested = false;
            _position = 0;
            _finished = false;
        }

        var samples = _samples.Span;
        if (_finished || samples.Length == 0)
        {
            return false;
        }

        int written = 0;
        while (written < frame.Length)
        {
            int take = Math.Min(frame.Length - written, samples.Length - _position);
            samples.Slice(_position, take).CopyTo(frame.Slice(written));
            written += take;
            _position += take;
            if (_position < samples.Length)
            {
                continue;
            }

            if (!Loop)
            {
                frame.Slice(written).Clear();
                _finished = true;
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                break;
            }

            _position = 0;
        }

        return true;
    }

    public void WriteFrame(ReadOnlySpan<short> frame)
    {
    }

    void IThreadPoolWorkItem.Execute() => Finished?.Invoke(this, EventArgs.Empty);
}
