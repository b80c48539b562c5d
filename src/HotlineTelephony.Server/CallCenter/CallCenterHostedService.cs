using HotlineTelephony.CallCenter.Grains;
using HotlineTelephony.CallCenter.Restrictions;

namespace HotlineTelephony.Server.CallCenter;

/// <summary>Starts the grain runtime (and loads the dialplan) before SIP starts; sweeps expired restrictions hourly.</summary>
internal sealed class CallCenterHostedService(GrainRuntime runtime, HotlineCallCenter center, CallerRestrictionList restrictions, TimeProvider time) : IHostedService, IAsyncDisposable
{
    private ITimer? _sweep;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _ = center.Dialplans.Current;
        await runtime.StartAsync(cancellationToken).ConfigureAwait(false);
        _sweep = time.CreateTimer(static s => ((CallerRestrictionList)s!).SweepExpired(), restrictions, TimeSpan.FromHours(1), TimeSpan.FromHours(1));
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
}
