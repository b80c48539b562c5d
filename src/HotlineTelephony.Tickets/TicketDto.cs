namespace HotlineTelephony.Tickets;

/// <summary>
/// A ticket as clients see it (REST and the back-office push; camelCase JSON). <see cref="EventId"/> is the outbox
/// sequence number of the change it was pushed for (null when read through REST), so a client drops duplicates.
/// <see cref="CreatedAt"/> carries the centre's UTC offset. <see cref="RecordingUrl"/> points at the authorised API,
/// never at the file.
/// </summary>
public sealed record TicketDto(
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
