namespace HotlineTelephony.Server.Web.Hubs;

/// <summary>What every client→server hub command returns: {ok, error}.</summary>
public sealed record HubResult(bool Ok, string? Error)
{
    public static HubResult Done { get; } = new(true, null);

    public static HubResult Refused(string error) => new(false, error);
}
