namespace HotlineTelephony.CallCenter.Dialplans;

/// <summary>Where the dialplan lives and how edits are picked up (configuration section <c>Dialplan</c>).</summary>
public sealed class DialplanOptions
{
    /// <summary>
    /// Folder whose <c>*.yaml</c> files (not sub-folders) form the plan; relative to the working directory.
    /// Default <c>dialplans</c>, which ships <c>city-centre.yaml</c>; point it at another folder for another city.
    /// </summary>
    public string Folder { get; set; } = "dialplans";

    /// <summary>Reload when a file in <see cref="Folder"/> changes. Default true.</summary>
    public bool Watch { get; set; } = true;

    /// <summary>Quiet time after the last change before reloading, so an editor's save-in-steps loads once. Default 500 ms.</summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Throws with a message naming the setting when an option is unusable.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Folder))
            throw new InvalidOperationException("Dialplan:Folder must name the dialplan folder (default 'dialplans').");
        if (Debounce < TimeSpan.Zero || Debounce > TimeSpan.FromMinutes(1))
            throw new InvalidOperationException($"Dialplan:Debounce must be between 0 and 00:01:00, not {Debounce}.");
    }
}
