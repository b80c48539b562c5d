namespace HotlineTelephony.EndToEnd.Tests.Harness;

/// <summary>
/// An agent's desk phone played by SIPp: it registers the extension (uac_register.xml, digest) from a fresh port and
/// then answers on that same port with a UAS scenario, so the server's INVITEs for the extension reach it.
/// </summary>
public static class AgentPhone
{
    /// <summary>
    /// Registers <paramref name="extension"/> (password "agent" + extension, as in the demo settings) and starts
    /// <paramref name="scenario"/> (e.g. uas_ring_answer.xml) for <paramref name="calls"/> calls on the registered port.
    /// </summary>
    public static async Task<SippProcess> StartAsync(
        string testName, ServerProcess server, string extension, string scenario = "uas_ring_answer.xml", int calls = 1, TimeSpan? timeout = null)
    {
        int port = FreePorts.Next();
        var registration = await SippRunner.RunAsync(testName, new SippOptions
        {
            ScenarioFile = "uac_register.xml",
            Remote = server.SipEndpoint,
            Service = extension,
            AuthUser = extension,
            AuthPassword = "agent" + extension,
            LocalPort = port,
            Timeout = TimeSpan.FromSeconds(15),
        }).ConfigureAwait(false);
        if (!registration.AllCallsSucceeded)
        {
            throw new InvalidOperationException($"Extension {extension} did not register: {registration}");
        }

        return SippRunner.Start(testName, new SippOptions
        {
            ScenarioFile = scenario,
            LocalPort = port,
            Calls = calls,
            Timeout = timeout ?? TimeSpan.FromSeconds(60),
        });
    }
}
