namespace HotlineTelephony.CallCenter.Records;

/// <summary>RTCP receive quality of one media leg of a call (caller, agent, each third party).</summary>
public sealed class CallLegQuality
{
    /// <summary>Set by the store from the owning record.</summary>
    public string CallId { get; set; } = "";

    /// <summary>Leg name, unique within the call: "caller", "agent", "third-party:12345678".</summary>
    public required string Leg { get; set; }

    public long Packets { get; set; }

    public long Lost { get; set; }

    /// <summary>Interarrival jitter (RFC 3550 §6.4.1) in milliseconds, the last or the worst reported.</summary>
    public double JitterMs { get; set; }
}
