namespace HotlineTelephony.CallCenter.Dialplans.Model;

/// <summary>
/// One emergency number an agent can transfer to by one key (R-TEL-10, R-TEL-16): the gateway it leaves on and the
/// data shared with the emergency service as SIP headers (信息共享, so the caller need not repeat).
/// </summary>
public sealed record EmergencyTarget
{
    /// <summary>110, 119, 120 or 122.</summary>
    public required string Number { get; init; }

    public string Name { get; init; } = "";

    /// <summary>Trunk (gateway) name; required.</summary>
    public required string Trunk { get; init; }

    /// <summary>Number dialled on the trunk (defaults to <see cref="Number"/>), or a SIP URI.</summary>
    public required string Destination { get; init; }

    public int RingTimeoutSeconds { get; init; } = 30;

    /// <summary>Warm or blind; null means the policy's <see cref="PolicyProfile.EmergencyTransferMode"/>.</summary>
    public EmergencyTransferMode? Mode { get; init; }

    /// <summary>Header name → value template; placeholders {caller_number}, {call_id}, {agent_id}, {ticket_id}, {centre}.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();
}
