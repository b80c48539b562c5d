using HotlineTelephony.CallCenter.Records;
using Microsoft.EntityFrameworkCore;

namespace HotlineTelephony.CallCenter.Tests.Records;

/// <summary>
/// A SQLite file made by an older version (only some of the model's tables) gets the missing tables and their indexes
/// from <see cref="SqliteSchema.CreateMissing"/>, and keeps what it held.
/// </summary>
public sealed class SqliteSchemaTests : IDisposable
{
    private readonly TempDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public void MissingTablesAndTheirIndexesAreCreatedAndExistingRowsAreKept()
    {
        using (var older = new OlderSchema(Options()))
        {
            Assert.True(older.Database.EnsureCreated());
            older.Notes.Add(new Note { Id = 1, Text = "made by the older version" });
            older.SaveChanges();
        }

        using var newer = new NewerSchema(Options());
        Assert.False(newer.Database.EnsureCreated());

        Assert.Equal(["tags"], SqliteSchema.CreateMissing(newer));

        Assert.Equal("made by the older version", Assert.Single(newer.Notes.AsNoTracking()).Text);
        newer.Tags.Add(new Tag { Id = 1, Name = "urgent" });
        newer.SaveChanges();
        Assert.Equal("urgent", Assert.Single(newer.Tags.AsNoTracking()).Name);
        Assert.Contains("IX_tags_Name", Names(newer, "index"));
        // The unique index is there, not only the table: a second "urgent" is refused.
        newer.Tags.Add(new Tag { Id = 2, Name = "urgent" });
        Assert.Throws<DbUpdateException>(() => newer.SaveChanges());
    }

    [Fact]
    public void ADatabaseWithEveryTableIsLeftAsItIs()
    {
        using var db = new NewerSchema(Options());
        db.Database.EnsureCreated();
        db.Notes.Add(new Note { Id = 7, Text = "kept" });
        db.SaveChanges();
        var before = Names(db, "table");

        Assert.Empty(SqliteSchema.CreateMissing(db));

        Assert.Equal(before, Names(db, "table"));
        Assert.Equal("kept", Assert.Single(db.Notes.AsNoTracking()).Text);
    }

    [Fact]
    public void AnEmptyFileGetsEveryTable()
    {
        using var db = new NewerSchema(Options());

        Assert.Equal(["notes", "tags"], SqliteSchema.CreateMissing(db).Order());

        Assert.Superset(new HashSet<string> { "notes", "tags" }, Names(db, "table").ToHashSet());
    }

    private DbContextOptions Options() => new DbContextOptionsBuilder().UseSqlite(_database.Options().ConnectionString).Options;

    private static List<string> Names(DbContext db, string type) =>
        [.. db.Database.SqlQuery<string>($"SELECT name AS \"Value\" FROM sqlite_master WHERE type = {type} ORDER BY name")];

    private sealed class Note
    {
        public int Id { get; set; }

        public string Text { get; set; } = "";
    }

    private sealed class Tag
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }

    /// <summary>What an older version knew: notes only.</summary>
    private sealed class OlderSchema(DbContextOptions options) : DbContext(options)
    {
        public DbSet<Note> Notes => Set<Note>();

        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.Entity<Note>().ToTable("notes");
    }

    /// <summary>The newer version adds tags with a unique index.</summary>
    private sealed class NewerSchema(DbContextOptions options) : DbContext(options)
    {
        public DbSet<Note> Notes => Set<Note>();

        public DbSet<Tag> Tags => Set<Tag>();

        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<Note>().ToTable("notes");
            modelBuilder.Entity<Tag>(e =>
            {
                e.ToTable("tags");
                e.HasIndex(t => t.Name).IsUnique();
            });
        }
    }
}
