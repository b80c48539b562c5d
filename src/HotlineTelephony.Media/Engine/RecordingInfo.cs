namespace HotlineTelephony.Media.Engine;

/// <summary>What a finished recording holds, for the call record.</summary>
/// <param name="Path">File path, or empty when the sink is not a file.</param>
/// <param name="Duration">Audio written (20 ms per frame), not wall-clock time.</param>
/// <param name="Parties">Everyone recorded, caller first.</param>
/// <param name="DroppedFrames">Frames lost because the writer fell more than the buffer behind (should be 0).</param>
public sealed record RecordingInfo(
    string CallId,
    string Path,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    IReadOnlyList<string> Parties,
    long DroppedFrames);
