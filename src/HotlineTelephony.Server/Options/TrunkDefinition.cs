namespace HotlineTelephony.Server.Options;

/// <summary>One trunk: a carrier or emergency-services peer identified by its source address.</summary>
public sealed class TrunkDefinition
{
    /// <summary>Carrier trunk: ordinary public callers.</summary>
    public const string CarrierKind = "carrier";

    /// <summary>Emergency-services trunk (110/119/120 transfers).</summary>
    public const string EmergencyKind = "emergency";

    /// <summary>Name used in logs and metrics.</summary>
    public string Name { get; set; } = "";

    /// <summary>Source IP address (e.g. "203.0.113.7") or CIDR block (e.g. "203.0.113.0/28") of the trunk's requests.</summary>
    public string Address { get; set; } = "";

    /// <summary>"carrier" or "emergency". Default "carrier".</summary>
    public string Kind { get; set; } = CarrierKind;

    public override string ToString() => $"{{ Name = {Name}, Address = {Address}, Kind = {Kind} }}";
}
