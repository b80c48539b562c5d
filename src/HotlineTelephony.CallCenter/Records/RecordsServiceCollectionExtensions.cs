using HotlineTelephony.CallCenter.Acd;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace HotlineTelephony.CallCenter.Records;

public static class RecordsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the records database (<see cref="CallRecordsOptions"/>, validated here), the call record store and
    /// writer, and <see cref="SqliteAcdEventLog"/> as the <see cref="IAcdEventLog"/>, <see cref="SqliteCallbackTaskStore"/>
    /// and <see cref="SqliteVoiceMessageStore"/>, each unless one is registered already.
    /// </summary>
    public static IServiceCollection AddCallRecords(this IServiceCollection services, Action<CallRecordsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new CallRecordsOptions();
        configure?.Invoke(options);
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton<IDbContextFactory<CallRecordsDbContext>>(_ => new CallRecordsDbContextFactory(options));
        services.AddSingleton<CallRecordStore>();
        services.AddSingleton<ICallRecordStore>(sp => sp.GetRequiredService<CallRecordStore>());
        services.AddSingleton<CallRecordWriter>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<CallRecordWriter>());
        services.AddSingleton<SqliteAcdEventLog>();
        services.TryAddSingleton<IAcdEventLog>(sp => sp.GetRequiredService<SqliteAcdEventLog>());
        services.TryAddSingleton<Callbacks.ICallbackTaskStore, SqliteCallbackTaskStore>();
        services.TryAddSingleton<VoiceMessages.IVoiceMessageStore, SqliteVoiceMessageStore>();
        return services;
    }
}
