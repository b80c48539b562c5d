using Microsoft.Extensions.Logging;

namespace HotlineTelephony.Tickets.Outbox;

/// <summary>The default publisher until the back-office hub is wired: each event becomes a log entry.</summary>
public sealed partial class LoggingTicketEventPublisher(ILogger<LoggingTicketEventPublisher> logger) : ITicketEventPublisher
{
    public ValueTask PublishAsync(TicketEvent ticketEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticketEvent);
        LogEvent(logger, ticketEvent.EventId, ticketEvent.Kind, ticketEvent.Ticket.Number, ticketEvent.Ticket.Category, ticketEvent.Ticket.AgentId, ticketEvent.Ticket.CallId);
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(EventId = 8200, Level = LogLevel.Information, Message = "Ticket event {EventId} {Kind} {TicketNumber} ({Category}, agent {AgentId}, call {CallId}); no back-office publisher is wired, logged only")]
    private static partial void LogEvent(ILogger logger, long eventId, string kind, string ticketNumber, string category, string? agentId, string? callId);
}
