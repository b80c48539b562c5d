using HotlineTelephony.Server.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HotlineTelephony.Server.Web.Auth;

/// <summary>Users in table <c>users</c>: password check, and the demo users seeded into an empty table at start.</summary>
internal sealed partial class UserStore
{
    private readonly WebDbContextFactory _contexts;
    private readonly AuthOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public UserStore(WebDbContextFactory contexts, IOptions<AuthOptions> options, TimeProvider time, ILogger<UserStore> logger)
    {
        _contexts = contexts;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>The user when <paramref name="password"/> is theirs; null for an unknown user or a wrong password alike.</summary>
    public async Task<UserAccount?> VerifyAsync(string userName, string password, CancellationToken cancellationToken)
    {
        await using var db = _contexts.CreateDbContext();
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.UserName == userName, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            // Same work for an unknown name, so timing does not tell which names exist.
            PasswordHasher.Verify(password, new byte[16], new byte[32], _options.Pbkdf2Iterations);
            return null;
        }

        return PasswordHasher.Verify(password, user.PasswordSalt, user.PasswordHash, user.Iterations) ? user : null;
    }

    public async Task<UserAccount?> FindAsync(string userName, CancellationToken cancellationToken)
    {
        await using var db = _contexts.CreateDbContext();
        return await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.UserName == userName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Seeds the demo users when the table is empty and seeding is on.</summary>
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (!_options.SeedDemoUsers)
        {
            return;
        }

        await using var db = _contexts.CreateDbContext();
        if (await db.Users.AnyAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var demo = _options.DemoUsers.Count > 0 ? _options.DemoUsers : DemoUser.Defaults;
        var now = _time.GetUtcNow();
        foreach (var user in demo)
        {
            var (salt, hash) = PasswordHasher.Hash(user.Password, _options.Pbkdf2Iterations);
            db.Users.Add(new UserAccount
            {
                UserName = user.UserName,
                PasswordSalt = salt,
                PasswordHash = hash,
                Iterations = _options.Pbkdf2Iterations,
                Roles = string.Join(',', user.Roles),
                AgentId = user.AgentId,
                CreatedAt = now,
            });
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            LogSeeded(_logger, demo.Count);
        }
        catch (DbUpdateException)
        {
            // Another host on the same database may have seeded first (unique user names): then nothing is lost.
            if (!await AnyUsersAsync(cancellationToken).ConfigureAwait(false))
            {
                throw;
            }
        }
    }

    private async Task<bool> AnyUsersAsync(CancellationToken cancellationToken)
    {
        await using var db = _contexts.CreateDbContext();
        return await db.Users.AnyAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Seeded {Count} DEMO users into an empty users table (Auth:DemoUsers); their passwords are public: replace them before real use")]
    private static partial void LogSeeded(ILogger logger, int count);
}
