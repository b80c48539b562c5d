using System.Collections.Concurrent;

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

    // Open recordings; each entry knows its index, so a finished one is swapped out in O(1).
    private readonly List<Entry> _entries = [];

    // Recordings whose call ended: a stop wakes the thread for these alone, so ending a call costs the same with
    // ten thousand recordings open as with ten (a full pass per stop made the writer quadratic under load).
    private readonly ConcurrentQueue<Entry> _stopped = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly Thread? _thread;
    private Entry[] _pass = [];
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
    /// One pass: close the stopped recordings, then drain every other one and flush those due. The writer thread
    /// runs this every <see cref="DrainInterval"/>; tests call it directly with fake time.
    /// </summary>
    public void DrainOnce()
    {
        CloseStopped();
        int count;
        lock (_gate)
        {
            count = _entries.Count;
            if (_pass.Length < count)
            {
                _pass = new Entry[Math.Max(count, _pass.Length * 2)];
            }

            _entries.CopyTo(_pass);
        }

        long now = Time.GetTimestamp();
        for (int i = 0; i < count; i++)
        {
            var entry = _pass[i];
            _pass[i] = null!;
            var recorder = entry.Recorder;
            try
            {
                if (recorder.IsStopping)
                {
                    Close(entry);
                    continue;
                }

                int moved = recorder.Drain();
                if (Time.GetElapsedTime(entry.LastFlush, now) >= FlushInterval)
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
        var entry = new Entry(recorder, Time.GetTimestamp());
        recorder.WriterEntry = entry;
        lock (_gate)
        {
            entry.Index = _entries.Count;
            _entries.Add(entry);
        }
    }

    /// <summary>The recorder was stopped: close it on the writer thread soon, without a pass over the others.</summary>
    internal void OnStopped(RecorderPort recorder)
    {
        if (recorder.WriterEntry is { } entry)
        {
            _stopped.Enqueue(entry);
        }

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

    private void CloseStopped()
    {
        while (_stopped.TryDequeue(out var entry))
        {
            try
            {
                Close(entry);
            }
            catch (Exception ex)
            {
                Finish(entry, ex);
            }
        }
    }

    /// <summary>Writes what is left and closes the sink; a recording already finished (by a full pass) is skipped.</summary>
    private void Close(Entry entry)
    {
        if (Volatile.Read(ref entry.Index) < 0)
        {
            return;
        }

        entry.Recorder.Drain();
        entry.Recorder.Sink.Close();
        Finish(entry, null);
    }

    private void Finish(Entry entry, Exception? error)
    {
        lock (_gate)
        {
            int index = entry.Index;
            if (index < 0)
            {
                return;
            }

            var last = _entries[^1];
            _entries[index] = last;
            last.Index = index;
            _entries.RemoveAt(_entries.Count - 1);
            entry.Index = -1;
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
        long lastPass = Time.GetTimestamp();
        while (!_disposed)
        {
            var untilPass = DrainInterval - Time.GetElapsedTime(lastPass);
            if (untilPass > TimeSpan.Zero)
            {
                _wake.Wait(untilPass);
            }

            if (_disposed)
            {
                break;
            }

            if (Time.GetElapsedTime(lastPass) >= DrainInterval)
            {
                lastPass = Time.GetTimestamp();
                DrainOnce();
            }
            else
            {
                CloseStopped();
            }
        }
    }

    internal sealed class Entry(RecorderPort recorder, long lastFlush)
    {
        // Position in _entries, or -1 once finished; written under _gate.
        public int Index;

        public RecorderPort Recorder { get; } = recorder;

        public long LastFlush { get; set; } = lastFlush;

        public bool Dirty { get; set; }
    }
}
