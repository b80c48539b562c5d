namespace HotlineTelephony.CallCenter.Grains;

/// <summary>A [OneWay] call: nobody waits, so a failure is only logged.</summary>
internal sealed class GrainOneWayRequest : GrainTurn
{
    private readonly GrainMethod _method;
    private readonly object?[]? _args;
    private GrainRuntime? _runtime;
    private GrainId _id;

    public GrainOneWayRequest(GrainMethod method, object?[]? args)
    {
        _method = method;
        _args = args;
    }

    public override void Bind(GrainRuntime runtime, GrainId id)
    {
        _runtime = runtime;
        _id = id;
    }

    public override async Task RunAsync(GrainActivation activation)
    {
        try
        {
            await _method.InvokeAsync<object?>(activation.Instance!, _args);
        }
        catch (Exception ex)
        {
            GrainRuntimeLog.OneWayFailed(activation.Runtime.Logger, _method.Name, activation.Id.ToString(), ex);
        }
    }

    public override void Fail(Exception exception)
    {
        if (_runtime is not null)
        {
            GrainRuntimeLog.OneWayFailed(_runtime.Logger, _method.Name, _id.ToString(), exception);
        }
    }

    public override string Describe() => _method.Name;
}
