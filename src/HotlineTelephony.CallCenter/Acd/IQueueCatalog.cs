using HotlineTelephony.CallCenter.Dialplans.Model;

namespace HotlineTelephony.CallCenter.Acd;

/// <summary>The queue definitions in force, as the loaded dialplan gives them.</summary>
public interface IQueueCatalog
{
    QueueDefinition? Find(string queueId);
}
