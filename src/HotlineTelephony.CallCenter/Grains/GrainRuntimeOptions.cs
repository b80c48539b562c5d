namespace HotlineTelephony.CallCenter.Grains;

public sealed class GrainRuntimeOptions
{
    /// <summary>How long a caller waits for a grain's answer before a <see cref="TimeoutException"/>; default 30 s. <see cref="Timeout.InfiniteTimeSpan"/> disables it.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An activation with no turn for this long is deactivated; default 15 min.</summary>
    public TimeSpan IdleDeactivation { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the one sweep timer looks for idle activations; default 1 min.</summary>
    public TimeSpan IdleSweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    internal void Validate()
    {
        if (ResponseTimeout <= TimeSpan.Zero && ResponseTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException($"GrainRuntimeOptions.ResponseTimeout must be positive or infinite, not {ResponseTimeout}.");
        }

        if (IdleDeactivation <= TimeSpan.Zero)
        {
            throw new ArgumentException($"GrainRuntimeOptions.IdleDeactivation must be positive, not {IdleDeactivation}.");
        }

        if (IdleSweepInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"GrainRuntimeOptions.IdleSweepInterval must be positive, not {IdleSweepInterval}.");
        }
    }
}
