using HotlineTelephony.CallCenter.Callbacks;
using HotlineTelephony.CallCenter.Grains;
using HotlineTelephony.CallCenter.Restrictions;

namespace HotlineTelephony.Server.CallCenter;

/// <summary>
/// Starts the grain runtime (and loads the dialplan) before SIP starts, puts the callback tasks a previous run left open
/// back to work, and sweeps expired restrictions hourly.
/// </summary>
internal sealed partial class CallCenterHostedService(
    GrainRuntime runtime,
    HotlineCallCenter center,
    CallerRestrictionList restrictions,
    ICallbackTaskStore callbackTasks,
    TimeProvider time,
    ILogger<CallCenterHostedService> logger) : IHostedService, IAsyncDisposable
{
    private ITimer? _sweep;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _ = center.Dialplans.Current;
        await runtime.StartAsync(cancellationToken).ConfigureAwait(false);
        _sweep = time.CreateTimer(static s => ((CallerRestrictionList)s!).SweepExpired(), restrictions, TimeSpan.FromHours(1), TimeSpan.FromHours(1));
        try
        {
            var resumed = await CallbackRecovery.ResumeAsync(callbackTasks, runtime, cancellationToken).ConfigureAwait(false);
            LogCallbacksResumed(logger, resumed);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The server still answers calls; the open tasks stay in the store for the next start.
            LogCallbacksNotResumed(logger, ex);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        if (_sweep is not null)
        {
            await _sweep.DisposeAsync().ConfigureAwait(false);
        }

        await runtime.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 3250, Level = LogLevel.Information, Message = "Resumed {Count} open callback tasks from the records database")]
    private static partial void LogCallbacksResumed(ILogger logger, int count);

    [LoggerMessage(EventId = 3251, Level = LogLevel.Error, Message = "Could not resume the open callback tasks from the records database")]
    private static partial void LogCallbacksNotResumed(ILogger logger, Exception exception);
}
