namespace HotlineTelephony.CallCenter.Dialplans.Model;

/// <summary>A skill a queue's callers need, with the lowest level (1–5) an agent must hold to be offered them.</summary>
public sealed record SkillRequirement(string Skill, int MinLevel);
