using HotlineTelephony.CallCenter.Restrictions;
using Microsoft.EntityFrameworkCore;

namespace HotlineTelephony.CallCenter.Records;

/// <summary>The restriction list and its audit in the records database.</summary>
public sealed class SqliteCallerRestrictionStore : ICallerRestrictionStore
{
    private readonly IDbContextFactory<CallRecordsDbContext> _factory;

    public SqliteCallerRestrictionStore(IDbContextFactory<CallRecordsDbContext> factory)
    {
        _factory = factory;
        CallRecordsDbContext.EnsureCreated(factory);
    }

    public IReadOnlyList<CallerRestriction> LoadListings()
    {
        using var db = _factory.CreateDbContext();
        return [.. db.CallerRestrictions.AsNoTracking().AsEnumerable().Select(r => new CallerRestriction(r.Number, r.Reason, r.Start, r.End, r.ListedBy))];
    }

    public IReadOnlyList<RestrictionAuditEntry> LoadAudit()
    {
        using var db = _factory.CreateDbContext();
        return [.. db.RestrictionAudit.AsNoTracking().OrderBy(r => r.Id).AsEnumerable()
            .Select(r => new RestrictionAuditEntry(r.At, r.Number, Enum.Parse<RestrictionAuditAction>(r.Action), r.By, r.Reason, r.Start, r.End))];
    }

    public void Save(string number, CallerRestriction? listing, RestrictionAuditEntry entry)
    {
        using var db = _factory.CreateDbContext();
        using var transaction = db.Database.BeginTransaction();
        var row = db.CallerRestrictions.Find(number);
        if (listing is null)
        {
            if (row is not null)
            {
                db.CallerRestrictions.Remove(row);
            }
        }
        else if (row is null)
        {
            db.CallerRestrictions.Add(new CallerRestrictionRow { Number = number, Reason = listing.Reason, Start = listing.Start, End = listing.End, ListedBy = listing.ListedBy });
        }
        else
        {
            (row.Reason, row.Start, row.End, row.ListedBy) = (listing.Reason, listing.Start, listing.End, listing.ListedBy);
        }

        db.RestrictionAudit.Add(new RestrictionAuditRow
        {
            At = entry.At,
            Number = entry.Number,
            Action = entry.Action.ToString(),
            By = entry.By,
            Reason = entry.Reason,
            Start = entry.Start,
            End = entry.End,
        });
        db.SaveChanges();
        transaction.Commit();
    }
}
