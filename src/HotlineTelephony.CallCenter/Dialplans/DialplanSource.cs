namespace HotlineTelephony.CallCenter.Dialplans;

/// <summary>One dialplan file's text and the name errors report it by (its path as given, with / separators).</summary>
public sealed record DialplanSource(string Name, string Text);
