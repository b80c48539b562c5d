using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Calls;
using HotlineTelephony.CallCenter.Dialplans.Model;

namespace HotlineTelephony.CallCenter.Tests.Acd;

/// <summary>
/// What the real-time ACD soak tests share: their queue settings, phones that answer after a random few
/// milliseconds, agents toggling ready and not ready while the callers run, the caller's loop, and the check that the
/// event log never shows a call offered twice or an agent with two calls.
/// </summary>
internal static class AcdSoak
{
    /// <summary>No wrap-up and no overflow, so every caller ends answered or abandoned; three misses log an agent out.</summary>
    public static QueueDefinition Queue(string id) => new()
    {
        Id = id,
        WrapUpSeconds = 0,
        MaxConsecutiveMisses = 3,
        AbandonedReentrySeconds = 3600,
        Overflow = new OverflowPolicy { Enabled = false },
    };

    /// <summary>Every ring is decided after 0 to <paramref name="maxDelayMs"/> ms by <paramref name="outcome"/>; a hang-up meanwhile is CallGone.</summary>
    public static void RingWithRandomDelay(AcdHarness acd, int maxDelayMs, Func<OfferOutcome> outcome) =>
        acd.Telephony.RingHandler = async (ring, cancellationToken) =>
        {
            try
            {
                await Task.Delay(Random.Shared.Next(0, maxDelayMs), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return OfferOutcome.CallGone;
            }

            return outcome();
        };

    /// <summary>
    /// Runs the callers while the (logged-in) agents toggle between ready and not ready every 5–60 ms; once the callers
    /// are through or 5 s have passed the toggling stops and every agent is made ready, so the rest are served. Returns
    /// when every caller has ended and the grains have settled.
    /// </summary>
    public static async Task RunWithTogglingAgentsAsync(AcdHarness acd, IReadOnlyList<string> agentIds, IReadOnlyList<Func<CancellationToken, Task>> callers, TimeSpan deadline)
    {
        using var stopToggling = new CancellationTokenSource();
        var togglers = agentIds.Select(id => Task.Run(async () =>
        {
            var agent = acd.Agent(id);
            while (!stopToggling.IsCancellationRequested)
            {
                await Task.Delay(Random.Shared.Next(5, 60));
                await (Random.Shared.Next(3) == 0 ? agent.SetNotReadyAsync("break") : agent.SetReadyAsync());
            }
        })).ToArray();

        using var timeout = new CancellationTokenSource(deadline);
        var running = callers.Select(caller => Task.Run(() => caller(timeout.Token))).ToArray();
        await Task.WhenAny(Task.WhenAll(running), Task.Delay(TimeSpan.FromSeconds(5)));
        stopToggling.Cancel();
        await Task.WhenAll(togglers);
        foreach (var id in agentIds)
        {
            await acd.Agent(id).SetReadyAsync();
        }

        await Task.WhenAll(running);
        await acd.SettleAsync();
    }

    /// <summary>
    /// One caller: arrives, hangs up while waiting or ringing once <paramref name="hangUpWhileWaitingAfterMs"/> have
    /// passed (never when negative), and once talking lets <paramref name="endTalk"/> end the call after a few ms.
    /// </summary>
    public static async Task DriveCallerAsync(AcdHarness acd, string callId, CallArrival arrival, int hangUpWhileWaitingAfterMs, Func<ICallGrain, Task> endTalk, CancellationToken deadline)
    {
        var call = acd.Call(callId);
        await call.ArriveAsync(arrival);
        var started = Environment.TickCount64;
        while (true)
        {
            deadline.ThrowIfCancellationRequested();
            var snapshot = await call.GetSnapshotAsync();
            if (snapshot.State == CallState.Ended)
            {
                return;
            }

            if (hangUpWhileWaitingAfterMs >= 0 && Environment.TickCount64 - started >= hangUpWhileWaitingAfterMs)
            {
                await call.CallerHungUpAsync();
                hangUpWhileWaitingAfterMs = -1;
            }
            else if (snapshot.State == CallState.Talking)
            {
                await Task.Delay(Random.Shared.Next(1, 10), deadline);
                await endTalk(call);
            }

            await Task.Delay(2, deadline);
        }
    }

    /// <summary>Replays the log: an offer never goes to a call already with an agent, nor to an agent already with a call.</summary>
    public static void AssertNoDoubleOfferAndNoAgentWithTwoCalls(IReadOnlyList<AcdEvent> events)
    {
        var agentOfCall = new Dictionary<string, string>();
        var callOfAgent = new Dictionary<string, string>();
        foreach (var e in events)
        {
            switch (e.Kind)
            {
                case AcdEventKind.CallOffered:
                    Assert.False(agentOfCall.TryGetValue(e.CallId!, out var other), $"#{e.Sequence}: {e.CallId} offered to {e.AgentId} while with {other}");
                    Assert.False(callOfAgent.TryGetValue(e.AgentId!, out var busy), $"#{e.Sequence}: {e.AgentId} offered {e.CallId} while on {busy}");
                    agentOfCall[e.CallId!] = e.AgentId!;
                    callOfAgent[e.AgentId!] = e.CallId!;
                    break;
                case AcdEventKind.OfferMissed or AcdEventKind.OfferRejected or AcdEventKind.OfferCancelled:
                    agentOfCall.Remove(e.CallId!);
                    callOfAgent.Remove(e.AgentId!);
                    break;
                case AcdEventKind.AgentWrapUpStarted or AcdEventKind.AgentReady or AcdEventKind.AgentNotReady or AcdEventKind.AgentLoggedOut:
                    if (callOfAgent.Remove(e.AgentId!, out var ended))
                    {
                        agentOfCall.Remove(ended);
                    }

                    break;
            }
        }

        Assert.Empty(callOfAgent);
    }
}
