using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Calls;
using HotlineTelephony.CallCenter.Dialplans;
using HotlineTelephony.CallCenter.Grains;
using HotlineTelephony.CallCenter.Metrics;
using HotlineTelephony.CallCenter.Records;
using HotlineTelephony.CallCenter.Restrictions;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HotlineTelephony.Server.CallCenter;

internal static class CallCenterServiceCollectionExtensions
{
    /// <summary>
    /// The call centre on embedded defaults: the dialplan folder (falling back to the copy beside the binaries), the
    /// grain runtime with the ACD grains, SQLite call records and event log, the restriction list, and the SIP
    /// telephony port. Registered before the SIP hosted service so grains are up before the first INVITE.
    /// </summary>
    public static IServiceCollection AddCallCenter(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDialplans(configuration);
        services.PostConfigure<DialplanOptions>(options =>
        {
            var beside = Path.Combine(AppContext.BaseDirectory, options.Folder);
            if (!Path.IsPathRooted(options.Folder) && !Directory.Exists(options.Folder) && Directory.Exists(beside))
            {
                options.Folder = beside;
            }
        });
        // The event log as the grains see it: every event also feeds the queue and agent figures on /metrics.
        services.AddSingleton(sp => new AcdInstruments(
            sp.GetRequiredService<SqliteAcdEventLog>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<DialplanProvider>().Current.Queues.ToDictionary(q => q.Id, StringComparer.Ordinal),
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<IAcdEventLog>(sp => sp.GetRequiredService<AcdInstruments>());
        services.AddCallRecords(options => configuration.GetSection(CallRecordsOptions.SectionName).Bind(options));
        services.AddSingleton<HotlineCallRegistry>();
        services.AddSingleton<ICallerRestrictionStore, SqliteCallerRestrictionStore>();
        services.AddSingleton(sp => new CallerRestrictionList(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<DialplanProvider>().Current.Policy.CallerRestrictionDays,
            sp.GetRequiredService<ICallerRestrictionStore>()));
        services.AddSingleton<IQueueCatalog, DialplanQueueCatalog>();
        services.AddSingleton<ISmsSender, LoggingSmsSender>();
        services.AddSingleton<HotlineTelephony.CallCenter.VoiceMessages.VoiceMessageInbox>();
        services.TryAddSingleton<IOpenTicketLookup, NoOpenTicketLookup>();
        services.AddSingleton<SipCallTelephony>();
        services.AddSingleton<ICallTelephony>(sp => sp.GetRequiredService<SipCallTelephony>());
        services.AddSingleton(sp => new GrainRuntime(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp,
            AcdGrains.Implementations));
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainRuntime>());
        services.AddSingleton<HotlineCallCenter>();
        services.AddHostedService<CallCenterHostedService>();
        return services;
    }
}
