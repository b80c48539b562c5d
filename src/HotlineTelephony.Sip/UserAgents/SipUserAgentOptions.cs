using HotlineTelephony.Sip.Messages;

namespace HotlineTelephony.Sip.UserAgents;

/// <summary>Settings of the UA core and its INVITE sessions.</summary>
public sealed class SipUserAgentOptions
{
    /// <summary>Session interval we ask for and grant when the peer names none (RFC 4028). Default 1800 s, the RFC's recommendation.</summary>
    public TimeSpan SessionExpires { get; init; } = TimeSpan.FromSeconds(1800);

    /// <summary>
    /// Smallest session interval we accept; a request below it gets 422. Default 90 s, the RFC 4028 floor, so
    /// carriers with short timers are served rather than refused.
    /// </summary>
    public TimeSpan MinSessionExpires { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Run session timers (default on): without them a call whose far end vanished without BYE holds an agent and a
    /// trunk channel forever, and carriers drop calls at 15 or 30 minutes when refreshes are missing.
    /// </summary>
    public bool SessionTimersEnabled { get; init; } = true;

    /// <summary>Methods we answer; anything else gets 501 with this list in Allow. Default <see cref="SipMethods.Supported"/>.</summary>
    public IReadOnlyList<string> AllowedMethods { get; init; } = SipMethods.Supported;

    /// <summary>Value of User-Agent/Server headers, or null for none (some operators prefer not to advertise it).</summary>
    public string? ProductName { get; init; } = "HotlineTelephony";

    /// <summary>Option tags we implement and advertise in Supported; a Require naming another gets 420.</summary>
    public static IReadOnlyList<string> SupportedOptionTags { get; } = ["timer"];

    /// <summary>Throws at start-up naming the first setting that makes no sense.</summary>
    public void Validate()
    {
        if (MinSessionExpires < TimeSpan.FromSeconds(90))
        {
            throw new ArgumentException($"SipUserAgentOptions.MinSessionExpires must be at least 90 s, the RFC 4028 minimum (was {MinSessionExpires}).");
        }

        if (SessionExpires < MinSessionExpires)
        {
            throw new ArgumentException($"SipUserAgentOptions.SessionExpires ({SessionExpires}) must not be below MinSessionExpires ({MinSessionExpires}).");
        }

        if (AllowedMethods.Count == 0)
        {
            throw new ArgumentException("SipUserAgentOptions.AllowedMethods must not be empty.");
        }
    }
}
