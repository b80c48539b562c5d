namespace HotlineTelephony.Media.Engine;

/// <summary>
/// The one background thread that moves every active recording from its ring buffer to disk: it wakes every
/// <see cref="DrainInterval"/>, writes what each <see cref="RecorderPort"/> buffered, flushes each sink once its
/// <see cref="FlushInterval"/> has passed (so a killed process loses at most about that much and leaves playable
/// files), and closes stopped recordings. Keeping disk I/O here keeps it off the media clocks, with no thread or
/// timer per call.
/// </summary>
public sealed class RecordingWriter : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<Entry> _entries = [];
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Thread? _thread;
    private volatile bool _disposed;

    /// <param name="start">False for tests: no thread; call <see cref="DrainOnce"/>.</param>
    public RecordingWriter(TimeProvider? time = null, TimeSpan? flushInterval = null, TimeSpan? drainInterval = null, bool start = true)
    {
        Time = time ?? TimeProvider.System;
        FlushInterval = flushInterval ?? TimeSpan.FromSeconds(1);
        DrainInterval = drainInterval ?? TimeSpan.FromMilliseconds(200);
        if (start)
        {
            _thread = new Thread(Run) { Name = "recording writer", IsBackground = true };
            _thread.Start();
        }
    }

    public TimeProvider Time { get; }

    public TimeSpan FlushInterval { get; }

    public TimeSpan DrainInterval { get; }

    /// <summary>Recordings not yet closed.</summary>
    public int ActiveCount
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// One pass: drain every recording, flush those due, close the stopped ones. The writer thread calls this; tests
    /// call it directly with fake time.
    /// </summary>
    public void DrainOnce()
    {
        Entry[] entries;
        lock (_gate)
        {
            entries = [.. _entries];
        }

        long now = Time.GetTimestamp();
        foreach (var entry in entries)
        {
            var recorder = entry.Recorder;
            try
            {
                bool stopping = recorder.IsStopping;
                int moved = recorder.Drain();
                if (stopping)
                {
                    recorder.Sink.Close();
                    Finish(entry, null);
                }
                else if (Time.GetElapsedTime(entry.LastFlush, now) >= FlushInterval)
                {
                    if (moved > 0 || entry.Dirty)
                    {
                        recorder.Sink.Flush();
                    }

                    entry.Dirty = false;
                    entry.LastFlush = now;
                }
                else if (moved > 0)
                {
                    entry.Dirty = true;
                }
            }
            catch (Exception ex)
            {
                // A full or vanished disk (or a broken sink) ends this recording, not the others or the writer.
                Finish(entry, ex);
            }
        }
    }

    /// <summary>Stops the thread, then drains and closes every recording still open.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _wake.Release();
        _thread?.Join();
        Entry[] entries;
        lock (_gate)
        {
            entries = [.. _entries];
        }

        foreach (var entry in entries)
        {
            entry.Recorder.Stop();
        }

        DrainOnce();
        _wake.Dispose();
    }

    internal void Register(RecorderPort recorder)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        lock (_gate)
        {
            _entries.Add(new Entry(recorder, Time.GetTimestamp()));
        }
    }

    internal void Wake()
    {
        if (!_disposed)
        {
            try
            {
                _wake.Release();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private void Finish(Entry entry, Exception? error)
    {
        lock (_gate)
        {
            _entries.Remove(entry);
        }

        if (error is not null)
        {
            try
            {
                entry.Recorder.Sink.Close();
            }
            catch (Exception)
            {
                // Already failed; the first error is the one reported.
            }
        }

        entry.Recorder.Complete(error);
    }

    private void Run()
    {
        while (!_disposed)
        {
            _wake.Wait(DrainInterval);
            if (!_disposed)
            {
                DrainOnce();
            }
        }
    }

    private sealed class Entry(RecorderPort recorder, long lastFlush)
    {
        public RecorderPort Recorder { get; } = recorder;

        public long LastFlush { get; set; } = lastFlush;

        public bool Dirty { get; set; }
    }
}
