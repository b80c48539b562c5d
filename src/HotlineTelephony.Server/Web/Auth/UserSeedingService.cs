namespace HotlineTelephony.Server.Web.Auth;

/// <summary>
/// Seeds the demo users in the background so hashing their passwords does not hold up start-up; sign-ins wait for
/// it (<see cref="UserStore"/>).
/// </summary>
internal sealed class UserSeedingService(UserStore users) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(() => users.SeedAsync(stoppingToken), stoppingToken);
}
