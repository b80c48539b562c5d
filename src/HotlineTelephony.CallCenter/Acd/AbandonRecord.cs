namespace HotlineTelephony.CallCenter.Acd;

/// <summary>A recent abandon, kept for re-entry and, for a long abandon, for the missed-call callback.</summary>
internal sealed record AbandonRecord(string CallId, string DialledNumber, int Priority, DateTimeOffset Place, DateTimeOffset At, bool Long);
