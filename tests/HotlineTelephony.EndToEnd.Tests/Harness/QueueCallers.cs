namespace HotlineTelephony.EndToEnd.Tests.Harness;

/// <summary>
/// SIPp callers to 12345 from the trusted local trunk (uac_queue_caller.xml), as the ACD and hub tests run them
/// against a server on a <see cref="TestDialplan"/>.
/// </summary>
public static class QueueCallers
{
    /// <summary>
    /// One caller from <paramref name="number"/> who hangs up after <paramref name="hold"/> unless the server sends BYE
    /// first; SIPp gives up 15 s after that.
    /// </summary>
    public static SippOptions Caller(string test, ServerProcess server, string number, TimeSpan hold) => new()
    {
        ScenarioFile = ScenarioCopy.QueueCaller(test, hold),
        Remote = server.SipEndpoint,
        Service = "12345",
        Keys = new Dictionary<string, string> { ["caller"] = number },
        Timeout = hold + TimeSpan.FromSeconds(15),
    };

    /// <summary>
    /// Starts the phones of 1001 and 1002 (two calls each), logs agent-01 and agent-02 in, then runs three callers from
    /// <paramref name="number"/>, one a second, who each stay 4 s: two are answered at once, the third when an agent is
    /// free again. Asserts that all three calls succeeded. Dispose the phones at the end of the test.
    /// </summary>
    public static async Task<IAsyncDisposable> ThreeCallersForTwoAgentsAsync(string test, ServerProcess server, HotlineApi api, string number)
    {
        var phones = new AgentPhones();
        try
        {
            phones.Add(await AgentPhone.StartAsync(test, server, "1001", calls: 2));
            phones.Add(await AgentPhone.StartAsync(test, server, "1002", calls: 2));
            await api.LoginAsync("agent-01");
            await api.LoginAsync("agent-02");
            var run = await SippRunner.RunAsync(test, Caller(test, server, number, TimeSpan.FromSeconds(4)) with
            {
                Calls = 3,
                CallRate = 1,
                Timeout = TimeSpan.FromSeconds(40),
            });
            Assert.Equal(3, run.Statistics?.SuccessfulCalls);
            return phones;
        }
        catch
        {
            await phones.DisposeAsync();
            throw;
        }
    }

    private sealed class AgentPhones : IAsyncDisposable
    {
        private readonly List<SippProcess> _phones = [];

        public void Add(SippProcess phone) => _phones.Add(phone);

        public async ValueTask DisposeAsync()
        {
            foreach (var phone in _phones)
            {
                await phone.DisposeAsync();
            }
        }
    }
}
