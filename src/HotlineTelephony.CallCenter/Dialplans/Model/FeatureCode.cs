namespace HotlineTelephony.CallCenter.Dialplans.Model;

/// <summary>The action behind a feature-code route.</summary>
public enum FeatureCode
{
    AgentLogin,
    AgentLogout,
    Ready,

    /// <summary>Not ready; an optional trailing digit (the route's argument) is the reason code.</summary>
    NotReady,

    EndWrapUp,

    /// <summary>Start a three-way call with a directory entry; the route's argument is the entry's short dial code.</summary>
    ThreeWayDirectory,

    /// <summary>One-key transfer to the emergency number named by the route's <c>emergency</c> (R-TEL-10).</summary>
    EmergencyTransfer,

    /// <summary>Drop the third party of a three-way call; the caller and the agent stay connected.</summary>
    DropThirdParty,

    /// <summary>The agent leaves a three-way call; the caller and the third party stay connected.</summary>
    LeaveThreeWay,
}
