namespace HotlineTelephony.CallCenter.Dialplans.Model;

/// <summary>A trusted trunk: a carrier, the emergency gateway, or the 110 platform.</summary>
public sealed record TrunkDefinition
{
    public required string Name { get; init; }

    /// <summary>Source IP address or CIDR block (as the server's <c>Trunks:N:Address</c>).</summary>
    public required string Address { get; init; }

    /// <summary>SIP port for calls we place towards the trunk (emergency transfers, callbacks, departments); 5060 by default.</summary>
    public int Port { get; init; } = 5060;

    public TrunkKind Kind { get; init; } = TrunkKind.Carrier;

    /// <summary>
    /// For <see cref="TrunkKind.Police110"/>: the header carrying the 110 incident (警单) reference, kept on the call
    /// and written to the ticket (R-TEL-10, R-TEL-12).
    /// </summary>
    public string? IncidentHeader { get; init; }
}
