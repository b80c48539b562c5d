using System.Text.Json;
using HotlineTelephony.EndToEnd.Tests.Harness;
using Microsoft.AspNetCore.SignalR.Client;
using static HotlineTelephony.EndToEnd.Tests.Harness.HotlineApi;

namespace HotlineTelephony.EndToEnd.Tests.CallCenter;

/// <summary>
/// An agent on a break takes a missed-call callback task (R-TEL-05) from the desktop's list: the real server rings the
/// agent's SIPp phone for it and, once answered, dials the caller's SIPp through the carrier trunk.
/// </summary>
public sealed class CallbackPickTests
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    [Fact(Timeout = 120_000)]
    public async Task AgentAcceptsAMissedCallTaskFromTheDeskAndItsPhoneRingsThenTheCallerIsDialled_R_TEL_05()
    {
        const string Test = nameof(AgentAcceptsAMissedCallTaskFromTheDeskAndItsPhoneRingsThenTheCallerIsDialled_R_TEL_05);
        int carrierPort = FreePorts.Next();
        var plan = TestDialplan.WriteMissedCallCallbacks(Test, carrierPort);
        await using var server = await ServerProcess.StartAsync(Test, new Dictionary<string, string> { [plan.Setting.Key] = plan.Setting.Value });
        using var api = new HotlineApi(server);

        // agent-01's phone is registered and the agent is on a break before anyone calls: no queue offers it anything.
        await using var phone = await AgentPhone.StartAsync(Test, server, "1001", timeout: TimeSpan.FromSeconds(60));
        await using var desk = await HubClient.ConnectAsync(server, "hubs/agent", "agent1001", "offer", "state");
        var notReady = await desk.Connection.InvokeAsync<JsonElement>("SetNotReady", "回拨");
        Assert.True(notReady.GetProperty("ok").GetBoolean(), notReady.ToString());
        await desk.WaitForAsync("state", s => s.GetProperty("state").GetString() == "notReady", s_wait, "agent-01 not ready");

        // The caller waits 4 s (a long abandon) and hangs up; 3 s later, not having called again, it is a callback task.
        var gaveUp = await SippRunner.RunAsync(Test, new SippOptions
        {
            ScenarioFile = ScenarioCopy.QueueCaller(Test, TimeSpan.FromSeconds(4)),
            Remote = server.SipEndpoint,
            Service = "12345",
            Keys = new Dictionary<string, string> { ["caller"] = "13800000951" },
            Timeout = TimeSpan.FromSeconds(20),
        });
        Assert.True(gaveUp.AllCallsSucceeded, gaveUp.ToString());
        var abandoned = await api.WaitForEventAsync(EventKinds.CallAbandoned, null, s_wait);
        string taskId = abandoned.CallId + ":callback";
        await WaitUntilAsync(
            async () => (await desk.Connection.InvokeAsync<JsonElement>("GetCallbacks")).EnumerateArray().Any(c => c.GetProperty("taskId").GetString() == taskId),
            s_wait,
            $"{taskId} in the desk's callback list");

        // Still nobody rang: the task waits for an agent. Then the caller's line answers behind the carrier trunk.
        Assert.DoesNotContain(SipTraceMessage.Read(phone.Directory), m => m.Received && m.Method == "INVITE");
        await using var calledBack = SippRunner.Start(Test, new SippOptions
        {
            ScenarioFile = "uas_answer_then_hang_up.xml",
            LocalPort = carrierPort,
            Timeout = TimeSpan.FromSeconds(40),
        });

        var accepted = await desk.Connection.InvokeAsync<JsonElement>("AcceptCallback", taskId);
        Assert.True(accepted.GetProperty("ok").GetBoolean(), accepted.ToString());
        await desk.WaitForAsync("offer", o => o.GetProperty("callId").GetString() == taskId, s_wait, "the task's screen pop");

        var calledBackResult = await calledBack.WaitForExitAsync();
        Assert.True(calledBackResult.AllCallsSucceeded, calledBackResult.ToString());
        var phoneResult = await phone.WaitForExitAsync();
        Assert.True(phoneResult.AllCallsSucceeded, phoneResult.ToString());

        // The agent's phone rang for the task, was answered, and only then was the caller dialled at their own number.
        var agentInvite = Assert.Single(SipTraceMessage.Read(phoneResult.Directory), m => m.Received && m.Method == "INVITE");
        Assert.Equal(taskId, agentInvite.Header("X-Hotline-Call-Id"));
        var agentAnswer = SipTraceMessage.Read(phoneResult.Directory).First(m => !m.Received && m.Text.StartsWith("SIP/2.0 200", StringComparison.Ordinal));
        var callerInvite = Assert.Single(SipTraceMessage.Read(calledBackResult.Directory), m => m.Received && m.Method == "INVITE");
        Assert.StartsWith("INVITE sip:13800000951@127.0.0.1:", callerInvite.Text, StringComparison.Ordinal);
        Assert.True(callerInvite.At >= agentAnswer.At, $"caller dialled at {callerInvite.At:HH:mm:ss.fff}, agent answered at {agentAnswer.At:HH:mm:ss.fff}");

        var events = await api.EventsAsync();
        var offered = Assert.Single(events, e => e.Kind == EventKinds.CallbackOffered && e.CallId == taskId);
        Assert.Equal(("agent-01", "chosen"), (offered.AgentId, offered.Detail));
        Assert.Contains(events, e => e.Kind == EventKinds.CallbackCompleted && e.CallId == taskId);
        Assert.DoesNotContain(events, e => e.Kind == EventKinds.CallOffered && e.CallId == taskId && e.AgentId != "agent-01");

        // A task already taken is refused with the reason.
        var again = await desk.Connection.InvokeAsync<JsonElement>("AcceptCallback", taskId);
        Assert.False(again.GetProperty("ok").GetBoolean(), again.ToString());
        Assert.Contains(taskId, again.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
