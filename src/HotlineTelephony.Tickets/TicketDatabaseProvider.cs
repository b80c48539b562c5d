namespace HotlineTelephony.Tickets;

public enum TicketDatabaseProvider
{
    Sqlite,
    PostgreSql,
}
