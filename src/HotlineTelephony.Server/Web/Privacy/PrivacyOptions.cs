using System.Security.Claims;
using HotlineTelephony.Server.Web.Auth;

namespace HotlineTelephony.Server.Web.Privacy;

/// <summary>Who sees caller numbers unmasked (section "Privacy", docs/privacy.md).</summary>
public sealed class PrivacyOptions
{
    public const string SectionName = "Privacy";

    /// <summary>Comma-separated roles that see caller numbers in full; every other role and the wallboard see them masked.</summary>
    public string UnmaskedRoles { get; set; } = HotlineRoles.Supervisor + "," + HotlineRoles.Dispatcher;

    /// <summary>
    /// Whether an agent may play the recordings of calls it handled itself. Off by default: recordings are confidential
    /// (seed 000 Art. 20) and a 12345 agent needs none to do the job; supervisors always may.
    /// </summary>
    public bool AgentsMayPlayOwnCalls { get; set; }

    public IReadOnlyList<string> UnmaskedRoleList =>
        UnmaskedRoles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public bool MaySeeNumbers(ClaimsPrincipal? user) => user is not null && UnmaskedRoleList.Any(user.IsInRole);

    public bool MaySeeNumbers(string role) => UnmaskedRoleList.Contains(role, StringComparer.Ordinal);

    /// <summary>The number as <paramref name="role"/> may see it.</summary>
    public string? Show(string? number, string role) => MaySeeNumbers(role) ? number : CallerNumberMask.Mask(number);

    public void Validate()
    {
        foreach (var role in UnmaskedRoleList)
        {
            if (!HotlineRoles.All.Contains(role))
            {
                throw new InvalidOperationException($"Privacy:UnmaskedRoles: '{role}' is not a role ({string.Join(", ", HotlineRoles.All)}).");
            }
        }
    }
}
