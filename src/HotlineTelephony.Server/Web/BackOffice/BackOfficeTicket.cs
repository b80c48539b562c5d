namespace HotlineTelephony.Server.Web.BackOffice;

/// <summary>
/// The contract's TicketDto as the back-office hub sends it, with <see cref="EventId"/> (the outbox sequence number)
/// so a client drops a push it has seen. The lead maps the tickets project's TicketEvent onto it.
/// </summary>
public sealed record BackOfficeTicket(
    long? EventId,
    string Number,
    DateTimeOffset CreatedAt,
    string? CallerNumber,
    string Category,
    string Content,
    string? Location,
    string? CallId,
    string? CallRecordId,
    string? RecordingUrl,
    string? AgentId,
    string Status);
