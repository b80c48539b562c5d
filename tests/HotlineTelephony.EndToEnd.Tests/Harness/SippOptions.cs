namespace HotlineTelephony.EndToEnd.Tests.Harness;

/// <summary>One SIPp run. Set exactly one of <see cref="ScenarioFile"/> and <see cref="BuiltInScenario"/>.</summary>
public sealed record SippOptions
{
    /// <summary>A file name in Scenarios/ (e.g. "uac_cancel.xml") or a full path; passed as -sf.</summary>
    public string? ScenarioFile { get; init; }

    /// <summary>A scenario built into SIPp (e.g. "uac", "uas"); passed as -sn.</summary>
    public string? BuiltInScenario { get; init; }

    /// <summary>"127.0.0.1:port" to send to; null for a scenario that only answers (UAS).</summary>
    public string? Remote { get; init; }

    /// <summary>Request-URI user part, -s (e.g. "12345" or "1001").</summary>
    public string? Service { get; init; }

    /// <summary>-m: SIPp exits after this many calls. Default 1.</summary>
    public int Calls { get; init; } = 1;

    /// <summary>-r: new calls per second. Default SIPp's own (10).</summary>
    public double? CallRate { get; init; }

    /// <summary>-l: most simultaneous calls.</summary>
    public int? MaxConcurrentCalls { get; init; }

    /// <summary>-timeout with -timeout_error: SIPp gives up and fails after this. Default 30 s.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>-p: SIPp's SIP port on 127.0.0.1; null picks a free one.</summary>
    public int? LocalPort { get; init; }

    /// <summary>-mp: SIPp's media port; null picks a free one (SIPp binds it even when no RTP is sent).</summary>
    public int? MediaPort { get; init; }

    /// <summary>-rtp_echo: echo received RTP back. Off by default: no media unless a test asks.</summary>
    public bool EchoMedia { get; init; }

    /// <summary>-t: "u1" (UDP, one socket), "t1" (TCP, one connection), "un", "tn". Default "u1".</summary>
    public string Transport { get; init; } = "u1";

    /// <summary>-au / -ap for [authentication] in scenarios.</summary>
    public string? AuthUser { get; init; }

    public string? AuthPassword { get; init; }

    /// <summary>-key name value pairs, used as [name] in scenarios.</summary>
    public IReadOnlyDictionary<string, string> Keys { get; init; } = new Dictionary<string, string>();

    /// <summary>-trace_msg: every SIP message to messages.log. On by default; turn off for load runs.</summary>
    public bool TraceMessages { get; init; } = true;

    /// <summary>Any other SIPp arguments, appended as given.</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];
}
