using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Dialplans.Model;

namespace HotlineTelephony.CallCenter.Tests.Acd;

public class QueueDefinitionTests
{
    [Fact]
    public void R_TEL_01_DefaultServiceLevelIsFifteenSecondsAndLongestIdleRouting()
    {
        var queue = new QueueDefinition { Id = "general" };
        Assert.Equal(15, queue.ServiceLevelSeconds);
        Assert.Equal(RoutingStrategy.LongestIdle, queue.Strategy);
    }
}
