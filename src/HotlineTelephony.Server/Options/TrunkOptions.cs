namespace HotlineTelephony.Server.Options;

/// <summary>SIP trunks whose INVITEs are accepted without digest authentication (configuration section "Trunks").</summary>
/// <remarks>
/// Bound from a JSON array: <c>"Trunks": [ { "Name": "...", "Address": "...", "Kind": "carrier" } ]</c>,
/// or on the command line as <c>--Trunks:0:Name=... --Trunks:0:Address=...</c>.
/// </remarks>
public sealed class TrunkOptions
{
    public const string SectionName = "Trunks";

    /// <summary>The trunks. Default empty: no unauthenticated caller is accepted.</summary>
    public List<TrunkDefinition> Trunks { get; set; } = [];

    public override string ToString() => $"Trunks [{string.Join(", ", Trunks)}]";
}
