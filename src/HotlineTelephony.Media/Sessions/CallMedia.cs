using System.Net;
using HotlineTelephony.Media.Engine;

namespace HotlineTelephony.Media.Sessions;

/// <summary>
/// The media of one call: a conference bridge ticked by one media clock, the RTP legs of the parties, and the
/// two-channel recording (caller / everyone else). Topology calls are queued to the clock thread by the bridge.
/// </summary>
public sealed class CallMedia : IAsyncDisposable
{
    /// <summary>Three ticks: long enough for a tick in flight to finish before its ports are closed.</summary>
    private static readonly TimeSpan QuiesceDelay = TimeSpan.FromMilliseconds(3 * MediaFormat.FrameMilliseconds);

    private readonly MediaEngine _engine;
    private readonly MediaWorkerPool _workers;
    private readonly RecordingWriter _recordings;
    private readonly TimeProvider _time;
    private readonly IPAddress _bindAddress;
    private readonly string _advertisedAddress;
    private readonly List<MediaLeg> _legs = [];
    private readonly Lock _lock = new();
    private RecorderPort? _recorder;
    private int _closed;

    internal CallMedia(MediaEngine engine, string callId, IPAddress bindAddress, string advertisedAddress, MediaWorkerPool workers, RecordingWriter recordings, TimeProvider time)
    {
        _engine = engine;
        CallId = callId;
        _bindAddress = bindAddress;
        _advertisedAddress = advertisedAddress;
        _workers = workers;
        _recordings = recordings;
        _time = time;
        Bridge = new ConferenceBridge(callId) { RelayEnabled = engine.Options.SameCodecRelay };
        _workers.Assign(Bridge);
    }

    public string CallId { get; }

    public ConferenceBridge Bridge { get; }

    public MediaEngine Engine => _engine;

    /// <summary>Opens an RTP port pair for a new party; its port joins the bridge once its codec is negotiated.</summary>
    public MediaLeg AddLeg(string name)
    {
        var leg = new MediaLeg(name, _bindAddress, _advertisedAddress, _engine, Bridge, _time);
        lock (_lock)
        {
            _legs.Add(leg);
        }

        return leg;
    }

    /// <summary>The file the call is being recorded to (null before recording starts), for a ticket created during the call.</summary>
    public string? RecordingPath => Volatile.Read(ref _recorder)?.Path;

    /// <summary>Starts recording: <paramref name="caller"/> on the left channel, everything the caller hears on the right.</summary>
    public void StartRecording(MediaLeg caller, IEnumerable<string> parties)
    {
        if (caller.Port is null || _recorder is not null)
        {
            return;
        }

        _recorder = RecorderPort.CreateWaveFile(_recordings, _engine.Options.Recording, CallId, parties);
        Bridge.Record(caller.Port, _recorder);
    }

    /// <summary>Takes a party out of the mix and closes its RTP session (a conference member leaving).</summary>
    public async ValueTask RemoveLegAsync(MediaLeg leg)
    {
        lock (_lock)
        {
            if (!_legs.Remove(leg))
            {
                return;
            }
        }

        if (leg.Port is { } port)
        {
            Bridge.RemovePort(port);
        }

        // The removal is applied at the start of the next tick; a tick in flight may still read the port.
        await Task.Delay(QuiesceDelay).ConfigureAwait(false);
        await leg.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Legs still in the call.</summary>
    public IReadOnlyList<MediaLeg> Legs
    {
        get
        {
            lock (_lock)
            {
                return [.. _legs];
            }
        }
    }

    /// <summary>Stops the recording and every leg and takes the bridge off its clock; returns the recording, if any.</summary>
    public async ValueTask<RecordingInfo?> CloseAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return null;
        }

        // Sockets and the bridge are released even when the recording failed (disk full, a name taken); the
        // recording's error surfaces afterwards, to be logged with the call.
        var recorder = _recorder;
        recorder?.Stop();
        _workers.Release(Bridge);
        await Task.Delay(QuiesceDelay).ConfigureAwait(false);
        MediaLeg[] legs;
        lock (_lock)
        {
            legs = [.. _legs];
        }

        foreach (var leg in legs)
        {
            await leg.DisposeAsync().ConfigureAwait(false);
        }

        return recorder is null ? null : await recorder.Completion.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);
}
