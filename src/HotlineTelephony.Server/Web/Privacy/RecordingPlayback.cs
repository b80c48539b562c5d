namespace HotlineTelephony.Server.Web.Privacy;

/// <summary>A row of table <c>recording_playbacks</c>: who fetched which call's recording, when (R-TEL-50 audit).</summary>
public sealed class RecordingPlayback
{
    public long Id { get; set; }

    public required string CallRecordId { get; set; }

    public required string UserName { get; set; }

    public required string Roles { get; set; }

    public DateTimeOffset At { get; set; }
}
