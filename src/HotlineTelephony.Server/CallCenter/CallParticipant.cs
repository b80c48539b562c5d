namespace HotlineTelephony.Server.CallCenter;

/// <summary>One party of a call and when they were on it (seed requirement: every participant's join and leave times).</summary>
internal sealed record CallParticipant(string Party, string Address, DateTimeOffset JoinedAt, DateTimeOffset? LeftAt = null);
