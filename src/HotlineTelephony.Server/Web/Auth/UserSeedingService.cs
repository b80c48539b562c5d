namespace HotlineTelephony.Server.Web.Auth;

/// <summary>Seeds the demo users before the host starts listening, so the first sign-in finds them.</summary>
internal sealed class UserSeedingService(UserStore users) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => users.SeedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
