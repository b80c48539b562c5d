using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Dialplans;
using HotlineTelephony.CallCenter.Dialplans.Model;

namespace HotlineTelephony.Server.CallCenter;

/// <summary>Queue definitions from the dialplan in force: a reloaded plan changes a queue's settings for the next decision.</summary>
internal sealed class DialplanQueueCatalog(DialplanProvider dialplans) : IQueueCatalog
{
    public QueueDefinition? Find(string queueId) => dialplans.Current.FindQueue(queueId);
}
