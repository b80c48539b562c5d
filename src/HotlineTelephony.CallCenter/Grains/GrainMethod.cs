using System.Collections.Concurrent;
using System.Reflection;

namespace HotlineTelephony.CallCenter.Grains;

/// <summary>
/// What the proxy needs to turn one interface method into a mailbox message, computed once per method: how to invoke
/// it on the grain, how to await its result, and whether the caller waits.
/// </summary>
internal sealed class GrainMethod
{
    private static readonly ConcurrentDictionary<MethodInfo, GrainMethod> s_methods = new();

    private readonly Func<GrainProxy, GrainMethod, object?[]?, object?> _send;

    private GrainMethod(MethodInfo method)
    {
        Method = method;
        Name = $"{method.DeclaringType?.Name}.{method.Name}";
        Invoker = MethodInvoker.Create(method);
        OneWay = method.GetCustomAttribute<OneWayAttribute>() is not null;

        var returnType = method.ReturnType;
        Type resultType;
        if (returnType == typeof(Task))
        {
            Kind = GrainReturnKind.Task;
            resultType = typeof(object);
        }
        else if (returnType == typeof(ValueTask))
        {
            Kind = GrainReturnKind.ValueTask;
            resultType = typeof(object);
        }
        else if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            Kind = GrainReturnKind.TaskOfT;
            resultType = returnType.GetGenericArguments()[0];
        }
        else if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            Kind = GrainReturnKind.ValueTaskOfT;
            resultType = returnType.GetGenericArguments()[0];
        }
        else
        {
            throw new NotSupportedException($"Grain method {Name} returns {returnType.Name}; grain methods return Task, Task<T>, ValueTask or ValueTask<T>.");
        }

        if (OneWay && Kind is GrainReturnKind.TaskOfT or GrainReturnKind.ValueTaskOfT)
        {
            throw new NotSupportedException($"Grain method {Name} is [OneWay] but returns a value.");
        }

        var send = typeof(GrainMethod).GetMethod(OneWay ? nameof(SendOneWay) : nameof(SendRequest), BindingFlags.NonPublic | BindingFlags.Static)!;
        _send = OneWay
            ? send.CreateDelegate<Func<GrainProxy, GrainMethod, object?[]?, object?>>()
            : send.MakeGenericMethod(resultType).CreateDelegate<Func<GrainProxy, GrainMethod, object?[]?, object?>>();
    }

    public MethodInfo Method { get; }

    /// <summary>Interface.Method, for logs and timeout messages.</summary>
    public string Name { get; }

    public MethodInvoker Invoker { get; }

    public bool OneWay { get; }

    public GrainReturnKind Kind { get; }

    public static GrainMethod For(MethodInfo method) => s_methods.GetOrAdd(method, static m => new GrainMethod(m));

    /// <summary>Queues the call and returns what the interface method returns.</summary>
    public object? Send(GrainProxy proxy, object?[]? args) => _send(proxy, this, args);

    private static object? SendRequest<T>(GrainProxy proxy, GrainMethod method, object?[]? args)
    {
        var request = new GrainRequest<T>(method, args);
        proxy.Dispatch(request);
        return method.Kind switch
        {
            GrainReturnKind.ValueTask => new ValueTask(request.Task),
            GrainReturnKind.ValueTaskOfT => new ValueTask<T>(request.Task),
            _ => request.Task,
        };
    }

    private static object? SendOneWay(GrainProxy proxy, GrainMethod method, object?[]? args)
    {
        proxy.Dispatch(new GrainOneWayRequest(method, args));
        return method.Kind == GrainReturnKind.ValueTask ? default(ValueTask) : Task.CompletedTask;
    }

    /// <summary>Invokes the method on <paramref name="grain"/> and awaits what it returned.</summary>
    public async ValueTask<T> InvokeAsync<T>(Grain grain, object?[]? args)
    {
        object? returned;
        try
        {
            returned = Invoker.Invoke(grain, args.AsSpan());
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }

        switch (Kind)
        {
            case GrainReturnKind.Task:
                await ((Task)returned!).ConfigureAwait(false);
                return default!;
            case GrainReturnKind.ValueTask:
                await ((ValueTask)returned!).ConfigureAwait(false);
                return default!;
            case GrainReturnKind.TaskOfT:
                return await ((Task<T>)returned!).ConfigureAwait(false);
            default:
                return await ((ValueTask<T>)returned!).ConfigureAwait(false);
        }
    }
}

internal enum GrainReturnKind
{
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}
