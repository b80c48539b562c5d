namespace HotlineTelephony.CallCenter.Grains;

/// <summary>A call whose caller waits: completes the caller's task with the result, the exception or a timeout.</summary>
internal sealed class GrainRequest<T> : GrainTurn
{
    private readonly GrainMethod _method;
    private readonly object?[]? _args;
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? _timeout;

    public GrainRequest(GrainMethod method, object?[]? args)
    {
        _method = method;
        _args = args;
    }

    public Task<T> Task => _completion.Task;

    /// <summary>Starts the response timeout; its message names the grain, the key and the method.</summary>
    public override void Bind(GrainRuntime runtime, GrainId id)
    {
        var timeout = runtime.Options.ResponseTimeout;
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        _timeout = runtime.TimeProvider.CreateTimer(
            static s =>
            {
                var (request, id, timeout) = ((GrainRequest<T>, GrainId, TimeSpan))s!;
                request.Fail(new TimeoutException(
                    $"Grain {id.GrainType} '{id.Key}' did not answer {request._method.Name} within {timeout.TotalSeconds:0.###} s."));
            },
            (this, id, timeout), timeout, Timeout.InfiniteTimeSpan);
    }

    public override async Task RunAsync(GrainActivation activation)
    {
        try
        {
            var result = await _method.InvokeAsync<T>(activation.Instance!, _args);
            _timeout?.Dispose();
            _completion.TrySetResult(result);
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    public override void Fail(Exception exception)
    {
        _timeout?.Dispose();
        _completion.TrySetException(exception);
    }

    public override string Describe() => _method.Name;
}
