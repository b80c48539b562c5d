namespace HotlineTelephony.CallCenter.Grains;

/// <summary>
/// The caller does not wait for this method: the call is queued on the target's mailbox and the returned task is
/// already complete. Used for notifications that flow "upwards" (agent → queue, call → queue) so awaited calls never
/// form a cycle, which would deadlock a non-reentrant runtime until the response timeout. Exceptions are logged.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class OneWayAttribute : Attribute;
