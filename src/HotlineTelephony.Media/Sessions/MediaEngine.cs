using System.Collections.Concurrent;
using System.Net;
using HotlineTelephony.Media.Engine;
using HotlineTelephony.Media.Prompts;
using HotlineTelephony.Media.Rtp;
using HotlineTelephony.Media.Rtp.Receive;

namespace HotlineTelephony.Media.Sessions;

/// <summary>
/// The media side of one server: the media clocks, the RTP receive loops, the RTP port range, the prompts and the shared recording writer.
/// Every call gets a <see cref="CallMedia"/> (one conference bridge on one clock) from here.
/// </summary>
public sealed class MediaEngine : IDisposable
{
    private readonly MediaWorkerPool _workers;
    private readonly RecordingWriter _recordings;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();

    // Binding two sockets per leg costs system calls that would otherwise sit on the SIP receive loop while it
    // answers an INVITE; a background task keeps this many sessions bound in advance for the usual address.
    private const int SpareSessions = 64;
    private readonly ConcurrentQueue<RtpSession> _spare = new();
    private readonly SemaphoreSlim _refill = new(0);
    private readonly IPAddress? _spareAddress;
    private int _spareCount;

    /// <param name="usualBindAddress">The address most legs bind to; sessions on it are bound ahead of need.</param>
    public MediaEngine(MediaEngineOptions options, TimeProvider? time = null, IPAddress? usualBindAddress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _time = time ?? TimeProvider.System;
        Ports = new RtpPortRange(options.RtpPortMin, options.RtpPortMax);
        Prompts = PromptLibrary.Load(options.PromptsFolder);
        _workers = new MediaWorkerPool(options.Workers, time: _time);
        Receivers = new RtpReceivers(options.ReceiveLoop, options.ReceiveThreads);
        _recordings = new RecordingWriter(_time, options.Recording.FlushInterval);
        Retention = new RecordingRetention(options.Recording, _time);
        _ = Task.Run(() => Retention.RunAsync(TimeSpan.FromHours(1), _stopping.Token));
        _spareAddress = usualBindAddress;
        if (usualBindAddress is not null)
        {
            _ = Task.Run(() => KeepSparesAsync(usualBindAddress, _stopping.Token));
        }
    }

    /// <summary>Deletes recordings older than <see cref="RecordingOptions.RetentionDays"/>, hourly.</summary>
    public RecordingRetention Retention { get; }

    public MediaEngineOptions Options { get; }

    public RtpPortRange Ports { get; }

    public PromptLibrary Prompts { get; }

    /// <summary>Where every leg's RTP and RTCP sockets are read (<see cref="MediaEngineOptions.ReceiveLoop"/>).</summary>
    public RtpReceivers Receivers { get; }

    /// <summary>
    /// Creates the media of one call: a bridge on the least-loaded clock, legs added as the call needs them. RTP is
    /// bound on <paramref name="bindAddress"/> (0.0.0.0 for every interface) and SDP names <paramref name="advertisedAddress"/>.
    /// </summary>
    public CallMedia CreateCall(string callId, IPAddress bindAddress, string advertisedAddress) =>
        new(this, callId, bindAddress, advertisedAddress, _workers, _recordings, _time);

    /// <summary>A bound, not yet started RTP session on <paramref name="bindAddress"/>: a spare if one is ready.</summary>
    internal RtpSession OpenSession(IPAddress bindAddress)
    {
        if (bindAddress.Equals(_spareAddress) && _spare.TryDequeue(out var spare))
        {
            Interlocked.Decrement(ref _spareCount);
            _refill.Release();
            return spare;
        }

        return RtpSession.Open(bindAddress, Ports, SessionOptions, _time);
    }

    private async Task KeepSparesAsync(IPAddress address, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            while (Volatile.Read(ref _spareCount) < SpareSessions && !stopping.IsCancellationRequested)
            {
                try
                {
                    _spare.Enqueue(RtpSession.Open(address, Ports, SessionOptions, _time));
                    Interlocked.Increment(ref _spareCount);
                }
                catch (Exception)
                {
                    // Port range exhausted or address gone: legs open their own sessions (and report the error).
                    break;
                }
            }

            try
            {
                await _refill.WaitAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    internal RtpSessionOptions SessionOptions => new() { RtpTimeout = TimeSpan.FromSeconds(Options.RtpTimeoutSeconds) };

    public void Dispose()
    {
        _stopping.Cancel();
        while (_spare.TryDequeue(out var spare))
        {
            spare.Dispose();
        }

        _workers.Dispose();
        Receivers.Dispose();
        _recordings.Dispose();
    }
}
