namespace HotlineTelephony.Media.Engine;

/// <summary>Where call recordings go and how long they are kept (configuration section "Recording").</summary>
public sealed class RecordingOptions
{
    /// <summary>Root folder; relative paths are relative to the working directory. Default "recordings".</summary>
    public string Folder { get; set; } = "recordings";

    /// <summary>
    /// Days a recording is kept after it was last written; <see cref="RecordingRetention"/> deletes older files.
    /// Default 180 (six months, the usual 12345 archive period for call audio).
    /// </summary>
    public int RetentionDays { get; set; } = 180;

    /// <summary>
    /// Whether calls to extensions (caller ↔ agent bridges, not 12345 calls, which are always recorded) are
    /// recorded. Default true. A recorded call needs the decoded audio, so it stays on the mixer path; when false,
    /// a two-party extension call on one codec is relayed packet to packet.
    /// </summary>
    public bool ExtensionCalls { get; set; } = true;

    /// <summary>How often the writer makes recordings durable. Default 1 s: the most a crash can lose.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Throws naming the first invalid setting.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Folder))
        {
            throw new InvalidOperationException("Recording:Folder must name a folder.");
        }

        if (RetentionDays < 1)
        {
            throw new InvalidOperationException($"Recording:RetentionDays must be at least 1 (was {RetentionDays}).");
        }

        if (FlushInterval <= TimeSpan.Zero || FlushInterval > TimeSpan.FromMinutes(1))
        {
            throw new InvalidOperationException($"Recording:FlushInterval must be between 0 and 1 minute (was {FlushInterval}).");
        }
    }

    /// <summary>
    /// The file for a call: <c>Folder/yyyy/MM/dd/&lt;callId&gt;-HHmmssfff.wav</c> by the UTC start time. Characters that are not
    /// safe in a file name (a SIP Call-ID may contain '/', '@' is fine) become '_'.
    /// </summary>
    public string GetPath(string callId, DateTimeOffset startedAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        var utc = startedAt.UtcDateTime;
        return Path.Combine(
            Folder,
            utc.ToString("yyyy", System.Globalization.CultureInfo.InvariantCulture),
            utc.ToString("MM", System.Globalization.CultureInfo.InvariantCulture),
            utc.ToString("dd", System.Globalization.CultureInfo.InvariantCulture),
            // The start time keeps two calls that reuse a Call-ID on the same day (carriers do) in two files.
            SafeFileName(callId) + "-" + utc.ToString("HHmmssfff", System.Globalization.CultureInfo.InvariantCulture) + ".wav");
    }

    private static string SafeFileName(string callId)
    {
        var invalid = Path.GetInvalidFileNameChars();
        return string.Create(callId.Length, callId, (span, id) =>
        {
            for (int i = 0; i < id.Length; i++)
            {
                char c = id[i];
                span[i] = c == '/' || c == '\\' || c == ':' || Array.IndexOf(invalid, c) >= 0 ? '_' : c;
            }
        });
    }
}
