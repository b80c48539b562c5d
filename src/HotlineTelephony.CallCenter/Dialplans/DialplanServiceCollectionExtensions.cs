using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HotlineTelephony.CallCenter.Dialplans;

public static class DialplanServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="DialplanOptions"/> (bound to the <c>Dialplan</c> section, validated at start-up) and the
    /// singleton <see cref="DialplanProvider"/>, which loads the plan when first resolved.
    /// </summary>
    public static IServiceCollection AddDialplans(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DialplanOptions>()
            .Bind(configuration.GetSection("Dialplan"))
            .Validate(o =>
            {
                o.Validate();
                return true;
            })
            .ValidateOnStart();
        services.AddSingleton<DialplanProvider>();
        return services;
    }
}
