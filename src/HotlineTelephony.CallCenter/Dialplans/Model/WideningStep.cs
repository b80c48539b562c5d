namespace HotlineTelephony.CallCenter.Dialplans.Model;

/// <summary>
/// After a caller has waited <see cref="AfterSeconds"/>, the queue accepts agents down to <see cref="MinLevel"/> in its
/// skill (0 accepts any agent of the queue). Widening changes who may be offered the caller, never the caller's place.
/// </summary>
public sealed record WideningStep(int AfterSeconds, int MinLevel);
