namespace HotlineTelephony.CallCenter.Records;

/// <summary>
/// Settings of the records database (section "CallRecords"): call records and the ACD event log share one database so
/// that <c>EnsureCreated</c> creates every table at once. There is no migrations tool here: a schema change means a
/// new database file (or a hand-written ALTER), see docs/metrics.md.
/// </summary>
public sealed class CallRecordsOptions
{
    public const string SectionName = "CallRecords";

    /// <summary>SQLite connection string. Default <c>Data Source=hotline.db</c> (in the working directory).</summary>
    public string ConnectionString { get; set; } = "Data Source=hotline.db";

    /// <summary>
    /// SQLite <c>PRAGMA synchronous</c> for the records database: <c>NORMAL</c> (default; in WAL mode a commit is not
    /// fsynced, so a power cut, not a process crash, can take back the last commits: the same exposure as the records
    /// still queued in memory) or <c>FULL</c> (fsync every commit, at about the cost of the insert itself).
    /// </summary>
    public string Synchronous { get; set; } = "NORMAL";

    /// <summary>Most ACD events written in one transaction. Default 256.</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>Attempts of one write (first try included) before it is given up, logged and counted. Default 5.</summary>
    public int MaxWriteAttempts { get; set; } = 5;

    /// <summary>Delay before the first retry; doubled for each further retry up to <see cref="MaxRetryDelay"/>. Default 200 ms.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest delay between two attempts. Default 5 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest page <see cref="ICallRecordStore.ListAsync"/> returns. Default 1000.</summary>
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>Throws naming the first setting that is out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(ConnectionString)} must not be empty.");
        }

        if (!string.Equals(Synchronous, "NORMAL", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(Synchronous, "FULL", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(Synchronous)} must be NORMAL or FULL (was '{Synchronous}').");
        }

        if (BatchSize is < 1 or > 10_000)
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(BatchSize)} must be between 1 and 10000 (was {BatchSize}).");
        }

        if (MaxWriteAttempts is < 1 or > 100)
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(MaxWriteAttempts)} must be between 1 and 100 (was {MaxWriteAttempts}).");
        }

        if (FirstRetryDelay < TimeSpan.Zero || MaxRetryDelay < FirstRetryDelay)
        {
            throw new InvalidOperationException(
                $"{SectionName}:{nameof(FirstRetryDelay)} must be ≥ 0 and ≤ {nameof(MaxRetryDelay)} (were {FirstRetryDelay} and {MaxRetryDelay}).");
        }

        if (MaxPageSize < 1)
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(MaxPageSize)} must be at least 1 (was {MaxPageSize}).");
        }
    }
}
