using HotlineTelephony.CallCenter.Calls;
using HotlineTelephony.CallCenter.Dialplans.Model;

namespace HotlineTelephony.CallCenter.Tests.Acd;

/// <summary>
/// Call grains go as soon as their call is over and recorded: under SIPp load every ended call used to stay
/// activated for the idle timeout (15 min), tens of thousands of them with their timers.
/// </summary>
public sealed class CallGrainLifetimeTests
{
    [Fact]
    public async Task AnEndedCallIsLetGoOnceTheHostHasReadItsRecord()
    {
        await using var acd = new AcdHarness(null, new QueueDefinition { Id = "q" });
        await acd.ArriveAsync("c1", "q");
        var withCall = acd.Runtime.ActivationCount;

        await acd.Call("c1").CallerHungUpAsync();
        Assert.Equal(CallState.Ended, (await acd.Call("c1").GetSnapshotAsync()).State);
        await acd.Call("c1").ReleaseAsync();

        Assert.True(await WaitForAsync(() => acd.Runtime.ActivationCount == withCall - 1), $"activations: {acd.Runtime.ActivationCount}, expected {withCall - 1}");
    }

    [Fact]
    public async Task AWaitingCallIsNotLetGo()
    {
        await using var acd = new AcdHarness(null, new QueueDefinition { Id = "q" });
        await acd.ArriveAsync("c1", "q");
        var withCall = acd.Runtime.ActivationCount;

        await acd.Call("c1").ReleaseAsync();

        Assert.Equal(CallState.Waiting, (await acd.Call("c1").GetSnapshotAsync()).State);
        Assert.Equal(withCall, acd.Runtime.ActivationCount);
    }

    private static async Task<bool> WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        return condition();
    }
}
