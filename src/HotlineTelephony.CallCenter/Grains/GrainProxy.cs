using System.Reflection;

namespace HotlineTelephony.CallCenter.Grains;

/// <summary>The object <see cref="IGrainFactory.GetGrain{TGrainInterface}"/> returns: each interface call becomes a mailbox message.</summary>
public class GrainProxy : DispatchProxy
{
    private GrainRuntime? _runtime;
    private GrainId _id;
    private Type? _implementationType;

    internal GrainId Id => _id;

    internal void Initialize(GrainRuntime runtime, GrainId id, Type implementationType)
    {
        _runtime = runtime;
        _id = id;
        _implementationType = implementationType;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        GrainMethod.For(targetMethod!).Send(this, args);

    internal void Dispatch(GrainTurn turn)
    {
        turn.Bind(_runtime!, _id);
        _runtime!.Dispatch(_id, _implementationType!, turn);
    }

    public override string ToString() => $"GrainProxy({_id})";
}
