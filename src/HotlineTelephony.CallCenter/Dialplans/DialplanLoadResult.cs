using HotlineTelephony.CallCenter.Dialplans.Model;

namespace HotlineTelephony.CallCenter.Dialplans;

/// <summary>The outcome of a load: a plan when there were no errors, otherwise every error found (never just the first).</summary>
public sealed record DialplanLoadResult(Dialplan? Plan, IReadOnlyList<DialplanError> Errors)
{
    public bool Succeeded => Plan is not null;
}
