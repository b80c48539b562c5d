using Microsoft.Extensions.Options;

namespace HotlineTelephony.Server.Options;

/// <summary>Binds and validates every options class of the server; a bad setting stops start-up with a message naming it.</summary>
internal static class ServerOptionsRegistration
{
    public static IServiceCollection AddHotlineOptions(this IServiceCollection services)
    {
        services.AddOptions<SipOptions>().BindConfiguration(SipOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SipOptions>, SipOptionsValidator>();

        services.AddOptions<RegistrarOptions>()
            .BindConfiguration(RegistrarOptions.SectionName)
            .PostConfigure(static options =>
            {
                if (options.DigestAlgorithms.Count == 0)
                {
                    options.DigestAlgorithms.Add("MD5");
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RegistrarOptions>, RegistrarOptionsValidator>();

        // "Trunks" is a JSON array at the top level, so bind the section's children rather than its properties.
        services.AddOptions<TrunkOptions>()
            .Configure<IConfiguration>(static (options, configuration) =>
                options.Trunks = configuration.GetSection(TrunkOptions.SectionName).Get<List<TrunkDefinition>>() ?? [])
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TrunkOptions>, TrunkOptionsValidator>();

        // The binder appends to a list it finds, so the default number is added only when configuration gave none.
        services.AddOptions<HotlineOptions>()
            .BindConfiguration(HotlineOptions.SectionName)
            .PostConfigure(static options =>
            {
                if (options.ServiceNumbers.Count == 0)
                {
                    options.ServiceNumbers.Add("12345");
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<HotlineOptions>, HotlineOptionsValidator>();

        services.AddOptions<HotlineTelephony.Media.Sessions.MediaEngineOptions>().BindConfiguration("Media").ValidateOnStart();
        services.AddSingleton<IValidateOptions<HotlineTelephony.Media.Sessions.MediaEngineOptions>, MediaOptionsValidator>();

        return services;
    }
}
