namespace HotlineTelephony.Sip.Registrar;

/// <summary>
/// Sends one keep-alive to a binding's flow and says whether anything answered. Kept apart from
/// <see cref="RegistrationKeepAlive"/> so the sweep policy does not care whether the probe is an OPTIONS
/// transaction (what every softphone answers) or an RFC 5626 CRLF ping.
/// </summary>
public interface IKeepAliveProbe
{
    /// <summary>
    /// Probes <paramref name="binding"/>'s <see cref="ContactBinding.Flow"/>. True when the far end answered with
    /// any final response other than 408 (even 404/405/501 prove the NAT mapping is open); false on timeout,
    /// 408 or transport error.
    /// </summary>
    Task<bool> ProbeAsync(ContactBinding binding, CancellationToken cancellationToken);
}
