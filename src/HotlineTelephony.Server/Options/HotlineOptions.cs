namespace HotlineTelephony.Server.Options;

/// <summary>The hotline itself (configuration section "Hotline").</summary>
public sealed class HotlineOptions
{
    public const string SectionName = "Hotline";

    /// <summary>Request-URI user parts answered as the hotline (e.g. "12345"). Default ["12345"].</summary>
    public List<string> ServiceNumbers { get; set; } = [];

    public override string ToString() => $"Hotline {{ ServiceNumbers = [{string.Join(", ", ServiceNumbers)}] }}";
}
