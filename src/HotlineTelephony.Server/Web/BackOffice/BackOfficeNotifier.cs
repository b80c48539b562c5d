using HotlineTelephony.Server.Web.Auth;
using HotlineTelephony.Server.Web.Hubs;
using HotlineTelephony.Server.Web.Privacy;
using HotlineTelephony.Server.Web.Wallboard;
using Microsoft.AspNetCore.SignalR;
using HotlineTelephony.Tickets;
using Microsoft.Extensions.Options;

namespace HotlineTelephony.Server.Web.BackOffice;

/// <summary>
/// Broadcasts ticket events to /hubs/backoffice: <c>ticketCreated</c> / <c>ticketUpdated</c> with the event id. Back
/// office staff get the caller number masked, supervisors in full. A failed send throws, so the outbox dispatcher that
/// calls this keeps the event and tries again (clients drop the duplicate by event id).
/// </summary>
internal sealed partial class BackOfficeNotifier
{
    public const string Created = "created";
    public const string Updated = "updated";

    private readonly IHubContext<BackOfficeHub> _hub;
    private readonly PrivacyOptions _privacy;
    private readonly Action<DateTimeOffset, string> _ticketCreated;
    private readonly ILogger _logger;

    public BackOfficeNotifier(IHubContext<BackOfficeHub> hub, IOptions<PrivacyOptions> privacy, WallboardService wallboard, ILogger<BackOfficeNotifier> logger)
    {
        _hub = hub;
        _privacy = privacy.Value;
        _ticketCreated = wallboard.TicketCreated;
        _logger = logger;
    }

    /// <param name="kind"><see cref="Created"/> or <see cref="Updated"/>.</param>
    public async ValueTask PublishAsync(TicketDto ticket, long eventId, string kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        string method = kind switch
        {
            Created => "ticketCreated",
            Updated => "ticketUpdated",
            _ => throw new ArgumentException($"kind must be '{Created}' or '{Updated}' (was '{kind}').", nameof(kind)),
        };

        var full = ticket with { EventId = eventId };
        var masked = full with { CallerNumber = _privacy.Show(ticket.CallerNumber, HotlineRoles.BackOffice) };
        await _hub.Clients.Group(BackOfficeHub.FullGroup).SendAsync(method, full, cancellationToken).ConfigureAwait(false);
        await _hub.Clients.Group(BackOfficeHub.MaskedGroup).SendAsync(method, masked, cancellationToken).ConfigureAwait(false);
        if (kind == Created)
        {
            _ticketCreated(ticket.CreatedAt, ticket.Number);
        }

        LogPushed(_logger, method, ticket.Number, eventId, ticket.CallId, ticket.AgentId);
    }

    [LoggerMessage(EventId = 5501, Level = LogLevel.Information, Message = "Back office told {Method} {TicketNumber} (event {EventId}, call {CallId}, agent {AgentId})")]
    private static partial void LogPushed(ILogger logger, string method, string ticketNumber, long eventId, string? callId, string? agentId);
}
