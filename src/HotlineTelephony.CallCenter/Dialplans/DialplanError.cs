namespace HotlineTelephony.CallCenter.Dialplans;

/// <summary>One problem found while loading a dialplan: the file, the 1-based line (0 when it concerns the whole file or folder) and why.</summary>
public sealed record DialplanError(string File, int Line, string Message)
{
    /// <summary><c>dialplans/city.yaml:42: queue 'general' uses unknown strategy 'fastest' (…)</c>.</summary>
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}
