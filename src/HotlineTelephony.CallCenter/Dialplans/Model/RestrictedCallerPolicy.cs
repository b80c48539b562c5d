namespace HotlineTelephony.CallCenter.Dialplans.Model;

/// <summary>How restricted callers are treated (R-TEL-40). The emergency key always works: emergencies are never blocked.</summary>
public sealed record RestrictedCallerPolicy
{
    public RestrictedCallerBehaviour Behaviour { get; init; } = RestrictedCallerBehaviour.NoticeAndRelease;

    /// <summary>Key the caller presses during the notice to reach the emergency transfer.</summary>
    public string EmergencyKey { get; init; } = "0";

    /// <summary>Emergency number the key transfers to.</summary>
    public string EmergencyTarget { get; init; } = "110";

    /// <summary>Supervisor queue for <see cref="RestrictedCallerBehaviour.SupervisorQueue"/>; required then, unused otherwise.</summary>
    public string? Queue { get; init; }
}
