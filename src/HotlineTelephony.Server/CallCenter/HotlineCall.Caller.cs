using HotlineTelephony.Media.Audio;
using HotlineTelephony.Media.Engine;
using HotlineTelephony.Media.Prompts;

namespace HotlineTelephony.Server.CallCenter;

/// <summary>What the waiting caller does: keys for the overflow offer, and voice messages.</summary>
internal sealed partial class HotlineCall
{
    private TaskCompletionSource<char?>? _digitWaiter;

    /// <summary>
    /// The first key the caller presses within <paramref name="timeout"/>, or null (no key, call ended). Keys pressed
    /// before this starts listening are not kept: the offer's own prompt decides when listening begins.
    /// </summary>
    public async Task<char?> WaitForDigitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waiter = new TaskCompletionSource<char?>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_ended)
            {
                return null;
            }

            _digitWaiter?.TrySetResult(null);
            _digitWaiter = waiter;
        }

        try
        {
            return await waiter.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            return null;
        }
        finally
        {
            lock (_lock)
            {
                if (ReferenceEquals(_digitWaiter, waiter))
                {
                    _digitWaiter = null;
                }
            }
        }
    }

    /// <summary>
    /// Records a voice message: instructions, a beep, then the caller until they hang up, press '#' or reach
    /// <paramref name="maxDuration"/>. Returns the WAV file's path, or null when nothing was said (or the call was gone).
    /// </summary>
    public async Task<string?> RecordVoiceMessageAsync(string folder, TimeSpan maxDuration, CancellationToken cancellationToken)
    {
        var instructions = _media.Engine.Prompts.Get(PromptId.VoicemailInstructions);
        await AnnounceAsync([instructions], cancellationToken).ConfigureAwait(false);

        var sink = new VoiceMessageSink(maxDuration);
        var beep = new TonePort("beep", 1000, amplitude: 8000);
        lock (_lock)
        {
            if (_ended || _caller?.Port is not { } callerPort)
            {
                return null;
            }

            _announcing = true;
            SetSourceLocked(beep);
        }

        await Task.Delay(TimeSpan.FromMilliseconds(400), cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            SetSourceLocked(null);
            if (!_ended && _caller?.Port is { } callerPort)
            {
                _media.Bridge.Connect(callerPort, sink);
            }
        }

        var deadline = DateTimeOffset.UtcNow + maxDuration;
        while (!IsEnded && !sink.IsFull && DateTimeOffset.UtcNow < deadline)
        {
            var key = await WaitForDigitAsync(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
            if (key == '#')
            {
                break;
            }
        }

        _media.Bridge.RemovePort(sink);
        lock (_lock)
        {
            _announcing = false;
            if (!_ended)
            {
                SetSourceLocked(new MusicOnHold("queue-music"));
            }
        }

        // Wait one tick so the clock has stopped writing into the sink before it is read.
        await Task.Delay(TimeSpan.FromMilliseconds(2 * MediaFormat.FrameMilliseconds), CancellationToken.None).ConfigureAwait(false);
        if (sink.SampleCount < MediaFormat.SampleRate / 2)
        {
            return null;
        }

        var path = Path.Combine(folder, "voice-messages", DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), SafeFileName(CallId) + ".wav");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using (var writer = new WavWriter(path))
        {
            writer.Write(sink.Samples);
        }

        LogVoiceMessage(_logger, CallId, path, sink.SampleCount / (double)MediaFormat.SampleRate);
        return path;
    }

    private void DeliverDigit(char digit)
    {
        TaskCompletionSource<char?>? waiter;
        lock (_lock)
        {
            waiter = _digitWaiter;
            _digitWaiter = null;
        }

        waiter?.TrySetResult(digit);
    }

    private static string SafeFileName(string callId)
    {
        var chars = callId.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(chars[i]) && chars[i] is not '-' and not '.' and not '_')
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }

    [LoggerMessage(EventId = 3220, Level = LogLevel.Information, Message = "Call {CallId}: voice message recorded to {Path} ({Seconds:F1} s)")]
    private static partial void LogVoiceMessage(ILogger logger, string callId, string path, double seconds);
}
