namespace HotlineTelephony.Server.Options;

/// <summary>The hotline itself (configuration section "Hotline").</summary>
public sealed class HotlineOptions
{
    public const string SectionName = "Hotline";

    /// <summary>Request-URI user parts answered as the hotline (e.g. "12345"). Default ["12345"].</summary>
    public List<string> ServiceNumbers { get; set; } = [];

    /// <summary>
    /// Dial-in conference rooms: every caller of one of these numbers joins the same N-party mix (each hears the
    /// others, never itself). Empty by default; used by supervisors and the tests until agent three-way calls land.
    /// </summary>
    public List<string> ConferenceRooms { get; set; } = [];

    public override string ToString() => $"Hotline {{ ServiceNumbers = [{string.Join(", ", ServiceNumbers)}], ConferenceRooms = [{string.Join(", ", ConferenceRooms)}] }}";
}
