using System.Collections.Concurrent;
using HotlineTelephony.CallCenter.Dialplans.Model;

namespace HotlineTelephony.CallCenter.Acd;

public sealed class InMemoryQueueCatalog : IQueueCatalog
{
    private readonly ConcurrentDictionary<string, QueueDefinition> _queues = new(StringComparer.Ordinal);

    public InMemoryQueueCatalog(IEnumerable<QueueDefinition>? queues = null)
    {
        foreach (var queue in queues ?? [])
        {
            Set(queue);
        }
    }

    public void Set(QueueDefinition queue) => _queues[queue.Id] = queue;

    public QueueDefinition? Find(string queueId) => _queues.GetValueOrDefault(queueId);
}
