namespace HotlineTelephony.CallCenter.Restrictions;

/// <summary>
/// A caller number restricted from occupying the hotline (R-TEL-40: up to 30 natural days, for repeated or abusive
/// calls). While listed, the caller hears the restriction notice and is released, but a key press still reaches an
/// agent, because an emergency must never be blocked.
/// </summary>
public sealed record CallerRestriction(
    string Number,
    string Reason,
    DateTimeOffset Start,
    DateTimeOffset End,
    string ListedBy)
{
    public bool IsActiveAt(DateTimeOffset now) => now >= Start && now < End;
}
