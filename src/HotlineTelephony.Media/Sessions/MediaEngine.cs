using System.Net;
using HotlineTelephony.Media.Engine;
using HotlineTelephony.Media.Prompts;
using HotlineTelephony.Media.Rtp;

namespace HotlineTelephony.Media.Sessions;

/// <summary>
/// The media side of one server: the media clocks, the RTP port range, the prompts and the shared recording writer.
/// Every call gets a <see cref="CallMedia"/> (one conference bridge on one clock) from here.
/// </summary>
public sealed class MediaEngine : IDisposable
{
    private readonly MediaWorkerPool _workers;
    private readonly RecordingWriter _recordings;
    private readonly TimeProvider _time;

    public MediaEngine(MediaEngineOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _time = time ?? TimeProvider.System;
        Ports = new RtpPortRange(options.RtpPortMin, options.RtpPortMax);
        Prompts = PromptLibrary.Load(options.PromptsFolder);
        _workers = new MediaWorkerPool(options.Workers, time: _time);
        _recordings = new RecordingWriter(_time, options.Recording.FlushInterval);
    }

    public MediaEngineOptions Options { get; }

    public RtpPortRange Ports { get; }

    public PromptLibrary Prompts { get; }

    /// <summary>
    /// Creates the media of one call: a bridge on the least-loaded clock, legs added as the call needs them. RTP is
    /// bound on <paramref name="bindAddress"/> (0.0.0.0 for every interface) and SDP names <paramref name="advertisedAddress"/>.
    /// </summary>
    public CallMedia CreateCall(string callId, IPAddress bindAddress, string advertisedAddress) =>
        new(this, callId, bindAddress, advertisedAddress, _workers, _recordings, _time);

    internal RtpSessionOptions SessionOptions => new() { RtpTimeout = TimeSpan.FromSeconds(Options.RtpTimeoutSeconds) };

    public void Dispose()
    {
        _workers.Dispose();
        _recordings.Dispose();
    }
}
