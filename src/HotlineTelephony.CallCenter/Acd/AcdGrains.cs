using HotlineTelephony.CallCenter.Calls;

namespace HotlineTelephony.CallCenter.Acd;

/// <summary>The ACD's grain interface → implementation map, for <see cref="Grains.GrainRuntime"/>.</summary>
public static class AcdGrains
{
    public static IReadOnlyDictionary<Type, Type> Implementations { get; } = new Dictionary<Type, Type>
    {
        [typeof(IAgentGrain)] = typeof(AgentGrain),
        [typeof(IQueueGrain)] = typeof(QueueGrain),
        [typeof(ICallGrain)] = typeof(CallGrain),
    };
}
