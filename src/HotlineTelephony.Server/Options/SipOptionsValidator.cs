using Microsoft.Extensions.Options;

namespace HotlineTelephony.Server.Options;

/// <summary>Start-up checks for <see cref="SipOptions"/>; each message names the setting as it is written in configuration.</summary>
internal sealed class SipOptionsValidator : IValidateOptions<SipOptions>
{
    public ValidateOptionsResult Validate(string? name, SipOptions options)
    {
        var failures = new List<string>();
        const string S = SipOptions.SectionName;

        if (!OptionsText.IsIpAddress(options.ListenAddress))
        {
            failures.Add($"{S}:ListenAddress must be an IP address such as 0.0.0.0 or 127.0.0.1 (was '{options.ListenAddress}').");
        }

        if (options.Port is < 1 or > 65535)
        {
            failures.Add($"{S}:Port must be between 1 and 65535 (was {options.Port}).");
        }

        if (!options.EnableUdp && !options.EnableTcp)
        {
            failures.Add($"{S}:EnableUdp and {S}:EnableTcp are both false: at least one SIP transport must be enabled.");
        }

        if (options.PublicAddress is not null && Uri.CheckHostName(options.PublicAddress) == UriHostNameType.Unknown)
        {
            failures.Add($"{S}:PublicAddress must be an IP address or host name, or left unset (was '{options.PublicAddress}').");
        }

        if (options.T1Ms < 1)
        {
            failures.Add($"{S}:T1Ms must be at least 1 millisecond (was {options.T1Ms}).");
        }

        if (options.T2Ms < options.T1Ms)
        {
            failures.Add($"{S}:T2Ms must be at least {S}:T1Ms ({options.T1Ms}) (was {options.T2Ms}).");
        }

        if (options.T4Ms < 1)
        {
            failures.Add($"{S}:T4Ms must be at least 1 millisecond (was {options.T4Ms}).");
        }

        if (options.MaxMessageBytes is < 1500 or > 65535)
        {
            failures.Add($"{S}:MaxMessageBytes must be between 1500 and 65535 (was {options.MaxMessageBytes}).");
        }

        if (options.TcpIdleTimeoutSeconds < 1)
        {
            failures.Add($"{S}:TcpIdleTimeoutSeconds must be at least 1 (was {options.TcpIdleTimeoutSeconds}).");
        }

        // RFC 4028 section 4: Min-SE is never below 90 seconds.
        if (options.MinSeSeconds < 90)
        {
            failures.Add($"{S}:MinSeSeconds must be at least 90 (RFC 4028) (was {options.MinSeSeconds}).");
        }

        if (options.SessionExpiresSeconds < options.MinSeSeconds)
        {
            failures.Add($"{S}:SessionExpiresSeconds must be at least {S}:MinSeSeconds ({options.MinSeSeconds}) (was {options.SessionExpiresSeconds}).");
        }

        if (options.TraceFile is not null && string.IsNullOrWhiteSpace(options.TraceFile))
        {
            failures.Add($"{S}:TraceFile must be a file path or left unset (was blank).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
