using HotlineTelephony.CallCenter.Records;
using HotlineTelephony.CallCenter.Restrictions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace HotlineTelephony.CallCenter.Tests.Records;

public sealed class SqliteCallerRestrictionStoreTests : IDisposable
{
    private readonly TempDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    public void Dispose() => _database.Dispose();

    [Fact]
    public void R_TEL_40_ListingsAndTheirAuditSurviveARestart()
    {
        var first = new CallerRestrictionList(_time, 30, new SqliteCallerRestrictionStore(_database.Factory()));
        first.List("13800000001", "threats to staff", "sup-1");
        first.List("13800000002", "repeated calls", "sup-1", end: _time.GetUtcNow().AddDays(3));
        first.Lift("13800000002", "sup-2", "appeal accepted");
        first.RecordEmergencyOverride("13800000001", "call-7");

        var restarted = new CallerRestrictionList(_time, 30, new SqliteCallerRestrictionStore(_database.Factory()));

        var listing = Assert.Single(restarted.Active());
        Assert.Equal(("13800000001", "threats to staff", _time.GetUtcNow().AddDays(30)), (listing.Number, listing.Reason, listing.End));
        Assert.Equal(
            [RestrictionAuditAction.Listed, RestrictionAuditAction.Listed, RestrictionAuditAction.Lifted, RestrictionAuditAction.EmergencyOverride],
            restarted.Audit().Select(a => a.Action));
        Assert.Equal("appeal accepted", restarted.Audit()[2].Reason);
    }

    [Fact]
    public void R_TEL_40_ExpiryIsAuditedAndTheListingIsGoneAfterARestart()
    {
        var list = new CallerRestrictionList(_time, 30, new SqliteCallerRestrictionStore(_database.Factory()));
        list.List("13800000001", "abuse", "sup", end: _time.GetUtcNow().AddDays(1));
        _time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, list.SweepExpired());

        var restarted = new CallerRestrictionList(_time, 30, new SqliteCallerRestrictionStore(_database.Factory()));
        Assert.Empty(restarted.Active());
        Assert.Equal(RestrictionAuditAction.Expired, restarted.Audit()[^1].Action);
    }

    [Fact]
    public void ADatabaseMadeBeforeTheRestrictionTablesGetsThemAtStart()
    {
        var factory = _database.Factory();
        using (var db = factory.CreateDbContext())
        {
            db.Database.EnsureCreated();
            db.Database.ExecuteSqlRaw("DROP TABLE caller_restrictions; DROP TABLE caller_restriction_audit;");
        }

        var list = new CallerRestrictionList(_time, 30, new SqliteCallerRestrictionStore(factory));
        list.List("13800000001", "abuse", "sup");

        Assert.NotNull(new CallerRestrictionList(_time, 30, new SqliteCallerRestrictionStore(factory)).Find("13800000001"));
    }

    [Fact]
    public void AChangeThatCannotBeStoredIsRefusedAndNotKeptInMemory()
    {
        var list = new CallerRestrictionList(_time, 30, new SqliteCallerRestrictionStore(_database.Factory()));
        var readOnly = new CallerRestrictionList(_time, 30, new SqliteCallerRestrictionStore(_database.Factory(_database.Options(mode: "ReadOnly"))));

        Assert.ThrowsAny<Exception>(() => readOnly.List("13800000009", "abuse", "sup"));
        Assert.Null(readOnly.Find("13800000009"));
        Assert.Empty(list.Audit());
    }
}
