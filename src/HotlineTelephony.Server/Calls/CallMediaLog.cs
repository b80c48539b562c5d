using HotlineTelephony.Media.Dtmf;
using HotlineTelephony.Media.Engine;
using HotlineTelephony.Media.Sessions;

namespace HotlineTelephony.Server.Calls;

/// <summary>Media events of calls, one structured event each, with the call id (the call record until the database lands).</summary>
internal static partial class CallMediaLog
{
    public static void Digit(ILogger logger, string callId, MediaLeg leg, DtmfEvent digit) =>
        LogDigit(logger, callId, leg.Name, digit.Digit.ToString(), digit.Source.ToString(), digit.DurationMilliseconds);

    /// <summary>Closes a call's media and logs the media half of its call record; never throws.</summary>
    /// <param name="closed">Given the recording (null when none or when closing failed) and the legs, for the call record.</param>
    public static async Task CloseAsync(ILogger logger, CallMedia media, Action<RecordingInfo?, IReadOnlyList<MediaLeg>>? closed = null)
    {
        var legs = media.Legs;
        RecordingInfo? recording = null;
        try
        {
            recording = await media.CloseAsync().ConfigureAwait(false);
            Record(logger, media.CallId, recording, legs);
        }
        catch (Exception e)
        {
            CloseFailed(logger, e, media.CallId);
        }

        closed?.Invoke(recording, legs);
    }

    /// <summary>The media half of the call record: recording path, duration and parties; loss and jitter per leg.</summary>
    public static void Record(ILogger logger, string callId, RecordingInfo? recording, IReadOnlyList<MediaLeg> legs)
    {
        if (recording is not null)
        {
            LogRecording(logger, callId, recording.Path, recording.Duration.TotalSeconds, string.Join(", ", recording.Parties), recording.DroppedFrames);
        }

        foreach (var leg in legs)
        {
            var received = leg.Session.ReceiveSnapshot();
            var sent = leg.Session.SendSnapshot();
            LogLeg(logger, callId, leg.Name, leg.Codec ?? "-", received.Packets, received.LossPercent, received.JitterMilliseconds, sent.Packets);
        }
    }

    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Call {CallId}: DTMF {Digit} from {Leg} via {Source} ({DurationMs} ms)")]
    private static partial void LogDigit(ILogger logger, string callId, string leg, string digit, string source, int durationMs);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Call {CallId}: recorded to {RecordingPath}, {DurationSeconds:F1} s, parties {Parties}, {DroppedFrames} frames dropped")]
    private static partial void LogRecording(ILogger logger, string callId, string recordingPath, double durationSeconds, string parties, long droppedFrames);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Call {CallId}: leg {Leg} {Codec}: received {Packets} packets, loss {LossPercent:F2} %, jitter {JitterMs:F1} ms; sent {SentPackets}")]
    private static partial void LogLeg(ILogger logger, string callId, string leg, string codec, long packets, double lossPercent, double jitterMs, long sentPackets);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "Call {CallId}: refused with 503, no RTP port free ({Reason})")]
    public static partial void PortsExhausted(ILogger logger, string callId, string reason);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Call {CallId}: closing its media failed")]
    public static partial void CloseFailed(ILogger logger, Exception exception, string callId);
}
