using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Calls;
using HotlineTelephony.CallCenter.Grains;

namespace HotlineTelephony.CallCenter.Callbacks;

/// <summary>
/// After a restart, puts every open callback task back to work: its call grain is started again with the attempts
/// already made, at the place it kept, and waits out a retry interval that had not passed yet. A task whose queue is
/// no longer in the dialplan is closed as failed by its grain.
/// </summary>
public static class CallbackRecovery
{
    /// <summary>Resumes the open tasks; returns how many.</summary>
    public static async Task<int> ResumeAsync(ICallbackTaskStore store, IGrainFactory grains, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(grains);
        var open = await store.ListAsync(openOnly: true, cancellationToken).ConfigureAwait(false);
        foreach (var stored in open)
        {
            await grains.GetGrain<ICallGrain>(stored.Id).StartCallbackAsync(stored.Task with { Resumed = true }).ConfigureAwait(false);
        }

        return open.Count;
    }
}
