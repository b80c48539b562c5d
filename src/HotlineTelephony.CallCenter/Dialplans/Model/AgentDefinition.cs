namespace HotlineTelephony.CallCenter.Dialplans.Model;

/// <summary>An agent (话务员 or special seat) as the dialplan defines them: their extension, queues and skills.</summary>
public sealed record AgentDefinition
{
    /// <summary>Agent id (job number), used in records and the API.</summary>
    public required string Id { get; init; }

    public string Name { get; init; } = "";

    /// <summary>The SIP extension whose registered phone rings for this agent.</summary>
    public required string Extension { get; init; }

    /// <summary>Queues the agent serves, by queue id.</summary>
    public IReadOnlyList<string> Queues { get; init; } = [];

    /// <summary>Skill name → level 1–5.</summary>
    public IReadOnlyDictionary<string, int> Skills { get; init; } = new Dictionary<string, int>();
}
