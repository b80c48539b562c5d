namespace HotlineTelephony.Tickets;

/// <summary>
/// Settings of the ticket database and its outbox (section "Tickets"). Every setting has a default that works on a bare
/// machine: a SQLite file beside the call records, the China Standard Time day, the outbox logging its events.
/// </summary>
public sealed class TicketsOptions
{
    public const string SectionName = "Tickets";

    /// <summary>
    /// Database connection string. Default <c>Data Source=tickets.db</c> (SQLite, in the working directory like
    /// <c>CallRecords:ConnectionString</c>). A PostgreSQL string (<c>Host=…;Database=…</c>) selects PostgreSQL.
    /// </summary>
    public string ConnectionString { get; set; } = "Data Source=tickets.db";

    /// <summary>"Sqlite" or "PostgreSQL"; empty (the default) infers it from <see cref="ConnectionString"/>.</summary>
    public string? Provider { get; set; }

    /// <summary>IANA id of the centre's time zone: the day in a ticket number is that zone's day. Default Asia/Shanghai.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>URL clients are given for a ticket's recording; <c>{callId}</c> is replaced. Default <c>/api/recordings/{callId}</c>.</summary>
    public string RecordingUrlFormat { get; set; } = "/api/recordings/{callId}";

    /// <summary>Attempts of one ticket transaction (busy database, lost connection) before the error is returned. Default 5.</summary>
    public int MaxWriteAttempts { get; set; } = 5;

    /// <summary>How often the outbox dispatcher looks for rows written by another process (its own are signalled). Default 1 s.</summary>
    public TimeSpan OutboxPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the outbox lease lasts without renewal: servers sharing the database push the outbox one at a time,
    /// and when the holder dies another takes over at most this long (plus one renew interval) later. A publish is
    /// expected to finish well within it. Default 15 s.
    /// </summary>
    public TimeSpan OutboxLeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the holder renews the lease, and a standby node tries to take it. At most half the duration. Default 5 s.</summary>
    public TimeSpan OutboxLeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most outbox rows read at once. Default 100.</summary>
    public int OutboxBatchSize { get; set; } = 100;

    /// <summary>Delay before the first retry of a failed publish, mark or write; doubled up to <see cref="MaxRetryDelay"/>. Default 200 ms.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest delay between two attempts. Default 30 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The provider in use: <see cref="Provider"/>, else PostgreSQL for a Host=/Server= string, else SQLite.</summary>
    public TicketDatabaseProvider ResolveProvider()
    {
        if (!string.IsNullOrWhiteSpace(Provider))
        {
            return Provider.Trim().ToUpperInvariant() switch
            {
                "SQLITE" => TicketDatabaseProvider.Sqlite,
                "POSTGRESQL" or "POSTGRES" or "NPGSQL" => TicketDatabaseProvider.PostgreSql,
                _ => throw new InvalidOperationException($"{SectionName}:{nameof(Provider)} must be \"Sqlite\" or \"PostgreSQL\" (was \"{Provider}\")."),
            };
        }

        var text = ConnectionString.TrimStart();
        return text.StartsWith("Host=", StringComparison.OrdinalIgnoreCase) || text.Contains(";Host=", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("Server=", StringComparison.OrdinalIgnoreCase)
            ? TicketDatabaseProvider.PostgreSql
            : TicketDatabaseProvider.Sqlite;
    }

    public TimeZoneInfo ResolveTimeZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        }
        catch (TimeZoneNotFoundException) when (TimeZone is "Asia/Shanghai")
        {
            // A machine without tzdata still numbers tickets by the China Standard Time day (UTC+8, no DST).
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Shanghai", TimeSpan.FromHours(8), "China Standard Time", "CST");
        }
    }

    /// <summary>Throws naming the first setting that is out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(ConnectionString)} must not be empty.");
        }

        ResolveProvider();
        try
        {
            ResolveTimeZone();
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(TimeZone)} \"{TimeZone}\" is not a time zone this machine knows (use an IANA id such as Asia/Shanghai).", e);
        }

        if (MaxWriteAttempts is < 1 or > 100)
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(MaxWriteAttempts)} must be between 1 and 100 (was {MaxWriteAttempts}).");
        }

        if (OutboxPollInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(OutboxPollInterval)} must be positive (was {OutboxPollInterval}).");
        }

        if (OutboxBatchSize is < 1 or > 10_000)
        {
            throw new InvalidOperationException($"{SectionName}:{nameof(OutboxBatchSize)} must be between 1 and 10000 (was {OutboxBatchSize}).");
        }

        if (OutboxLeaseRenewInterval <= TimeSpan.Zero || OutboxLeaseRenewInterval.Ticks * 2 > OutboxLeaseDuration.Ticks)
        {
            throw new InvalidOperationException(
                $"{SectionName}:{nameof(OutboxLeaseRenewInterval)} must be positive and at most half of {nameof(OutboxLeaseDuration)} (were {OutboxLeaseRenewInterval} and {OutboxLeaseDuration}).");
        }

        if (FirstRetryDelay < TimeSpan.Zero || MaxRetryDelay < FirstRetryDelay)
        {
            throw new InvalidOperationException(
                $"{SectionName}:{nameof(FirstRetryDelay)} must be ≥ 0 and ≤ {nameof(MaxRetryDelay)} (were {FirstRetryDelay} and {MaxRetryDelay}).");
        }
    }

    /// <summary>Delay before retry number <paramref name="retry"/> (1 = the first retry): doubling, capped.</summary>
    internal TimeSpan RetryDelay(int retry)
    {
        var ticks = FirstRetryDelay.Ticks;
        for (var i = 1; i < retry && ticks < MaxRetryDelay.Ticks; i++)
        {
            ticks *= 2;
        }

        return TimeSpan.FromTicks(Math.Min(ticks, MaxRetryDelay.Ticks));
    }
}
