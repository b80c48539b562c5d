namespace HotlineTelephony.CallCenter.Dialplans.Model;

/// <summary>What happens to a caller on the restriction list (R-TEL-40). Emergency transfer is never blocked.</summary>
public enum RestrictedCallerBehaviour
{
    /// <summary>Play the restriction notice, offer the emergency key, then release the call.</summary>
    NoticeAndRelease,

    /// <summary>Play the notice, then queue the caller to a supervisor queue instead of the normal one.</summary>
    SupervisorQueue,
}
