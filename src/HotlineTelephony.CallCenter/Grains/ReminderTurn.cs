namespace HotlineTelephony.CallCenter.Grains;

/// <summary>A reminder tick delivered as a turn; the runtime activates the grain first if needed.</summary>
internal sealed class ReminderTurn : GrainTurn
{
    private readonly ReminderEntry _entry;
    private readonly DateTimeOffset _at;

    public ReminderTurn(ReminderEntry entry, DateTimeOffset at)
    {
        _entry = entry;
        _at = at;
    }

    public override async Task RunAsync(GrainActivation activation)
    {
        try
        {
            if (activation.Instance is IRemindable remindable)
            {
                await remindable.ReceiveReminder(_entry.Name, new TickStatus(_entry.FirstTickTime, _entry.Period, _at));
            }
        }
        catch (Exception ex)
        {
            GrainRuntimeLog.ReminderFailed(activation.Runtime.Logger, _entry.Name, activation.Id.ToString(), ex);
        }
    }

    public override void Fail(Exception exception)
    {
    }

    public override string Describe() => $"reminder {_entry.Name}";
}
