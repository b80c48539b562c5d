namespace HotlineTelephony.Sip.UserAgents;

/// <summary>Settings of one <see cref="B2BuaBridge"/>.</summary>
public sealed class B2BuaOptions
{
    /// <summary>How long the B legs may ring before we give up, CANCEL them and answer the caller 480. Default 30 s.</summary>
    public TimeSpan NoAnswerTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Reason put on the CANCELs of the legs that lost to the one that answered (RFC 3326).</summary>
    public string CompletedElsewhereReason { get; init; } = "SIP;cause=200;text=\"Call completed elsewhere\"";
}
