using Microsoft.Extensions.Logging;

namespace HotlineTelephony.Tickets;

/// <summary>Ticket log events, ids 8100–8199 (store) and 8200–8299 (outbox).</summary>
internal static partial class TicketsLog
{
    [LoggerMessage(EventId = 8100, Level = LogLevel.Information, Message = "Ticket schema at version {Version} (was {Previous}) on {Provider}")]
    public static partial void SchemaApplied(ILogger logger, int version, int previous, TicketDatabaseProvider provider);

    [LoggerMessage(EventId = 8101, Level = LogLevel.Information, Message = "Ticket {TicketNumber} created ({Category}) by agent {AgentId} from call {CallId}; event {TicketEventId}")]
    public static partial void Created(ILogger logger, string ticketNumber, string category, string? agentId, string? callId, long ticketEventId);

    [LoggerMessage(EventId = 8102, Level = LogLevel.Information, Message = "Ticket {TicketNumber} updated (status {Status}); event {TicketEventId}")]
    public static partial void Updated(ILogger logger, string ticketNumber, string status, long ticketEventId);

    [LoggerMessage(EventId = 8103, Level = LogLevel.Warning, Message = "Ticket {Operation}: attempt {Attempt} failed; retrying in {Delay}")]
    public static partial void WriteRetry(ILogger logger, Exception exception, string operation, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 8104, Level = LogLevel.Error, Message = "Ticket {Operation} failed after {Attempts} attempts; nothing was written")]
    public static partial void WriteFailed(ILogger logger, Exception exception, string operation, int attempts);

    [LoggerMessage(EventId = 8201, Level = LogLevel.Information, Message = "Ticket push: event {TicketEventId} {Kind} {TicketNumber} sent to the back office (agent {AgentId}, call {CallId}, attempt {Attempt})")]
    public static partial void Pushed(ILogger logger, long ticketEventId, string kind, string ticketNumber, string? agentId, string? callId, int attempt);

    [LoggerMessage(EventId = 8202, Level = LogLevel.Warning, Message = "Ticket push: event {TicketEventId} ({TicketNumber}) failed, attempt {Attempt}; retrying in {Delay}; later events wait")]
    public static partial void PublishFailed(ILogger logger, Exception exception, long ticketEventId, string ticketNumber, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 8203, Level = LogLevel.Warning, Message = "Ticket push: event {TicketEventId} was sent but marking it failed, attempt {Attempt}; retrying in {Delay} (after a restart it would be sent again)")]
    public static partial void MarkFailed(ILogger logger, Exception exception, long ticketEventId, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 8204, Level = LogLevel.Error, Message = "Ticket outbox: reading pending events failed; retrying in {Delay}")]
    public static partial void ReadFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(EventId = 8205, Level = LogLevel.Information, Message = "Ticket outbox dispatcher started; {Pending} events pending from before")]
    public static partial void DispatcherStarted(ILogger logger, int pending);

    [LoggerMessage(EventId = 8206, Level = LogLevel.Error, Message = "Ticket push: event {TicketEventId} has an unreadable payload; it blocks the outbox until repaired")]
    public static partial void BadPayload(ILogger logger, Exception exception, long ticketEventId);

    [LoggerMessage(EventId = 8208, Level = LogLevel.Information, Message = "Ticket outbox: {Holder} took the outbox lease and pushes the outbox")]
    public static partial void LeaseTaken(ILogger logger, string holder);

    [LoggerMessage(EventId = 8209, Level = LogLevel.Warning, Message = "Ticket outbox: {Holder} lost the outbox lease (another node took it after it expired); pushing stops here")]
    public static partial void LeaseLost(ILogger logger, string holder);

    [LoggerMessage(EventId = 8210, Level = LogLevel.Information, Message = "Ticket outbox: {Holder} stands by; another node holds the outbox lease")]
    public static partial void LeaseStandby(ILogger logger, string holder);

    [LoggerMessage(EventId = 8211, Level = LogLevel.Warning, Message = "Ticket outbox: {Holder} could not take or renew the outbox lease; not pushing until it can")]
    public static partial void LeaseFailed(ILogger logger, Exception exception, string holder);

    [LoggerMessage(EventId = 8212, Level = LogLevel.Warning, Message = "Ticket outbox: {Holder} could not release the outbox lease; another node takes over when it expires")]
    public static partial void LeaseReleaseFailed(ILogger logger, Exception exception, string holder);

    [LoggerMessage(EventId = 8207, Level = LogLevel.Warning, Message = "Ticket outbox: could not note the failed attempt on event {TicketEventId}")]
    public static partial void NoteFailed(ILogger logger, Exception exception, long ticketEventId);
}
