namespace HotlineTelephony.CallCenter.Dialplans.Model;

/// <summary>What a dialled number leads to.</summary>
public enum NumberRouteKind
{
    /// <summary>A service number (12345): short welcome prompt, then straight to a queue, no menu (R-CH-05).</summary>
    Service,

    /// <summary>A department's own number kept in 双号并行: its expert-seat queue (R-TEL-20).</summary>
    DepartmentLine,

    /// <summary>Agent extensions: ring the registered phone of the agent with that extension.</summary>
    AgentExtension,

    /// <summary>An agent feature code (login, ready, three-way, one-key emergency transfer, …).</summary>
    Feature,

    /// <summary>A dial-in conference room.</summary>
    Conference,

    /// <summary>An IVR menu; only for centres whose policy enables menus.</summary>
    Menu,
}
