using System.Threading.Channels;
using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Callbacks;
using HotlineTelephony.CallCenter.Grains;
using HotlineTelephony.CallCenter.Records;
using HotlineTelephony.Server.CallCenter;
using HotlineTelephony.Server.Web.Auth;
using HotlineTelephony.Server.Web.Events;
using HotlineTelephony.Server.Web.Hubs;
using HotlineTelephony.Server.Web.Privacy;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HotlineTelephony.Server.Web.AgentDesk;

/// <summary>
/// Turns the ACD event feed into the agent desktop's pushes, to the agent's own group only: <c>state</c> after each of
/// its state events (read from its grain, the authority), <c>offer</c> (the screen pop: masked caller, earlier calls
/// from the call records, open tickets, 110 reference) when a call is offered, <c>callEnded</c> when its call ends.
/// </summary>
internal sealed partial class AgentDeskNotifier : BackgroundService
{
    private const int EarlierCallsShown = 5;

    private readonly ChannelReader<AcdEvent> _feed;
    private readonly IGrainFactory _grains;
    private readonly HotlineCallRegistry _calls;
    private readonly IDbContextFactory<CallRecordsDbContext> _records;
    private readonly ICallerTicketHistory _tickets;
    private readonly CallbackTaskList _callbacks;
    private readonly ICallbackTaskStore _callbackTasks;
    private readonly PrivacyOptions _privacy;
    private readonly TimeProvider _time;
    private readonly IHubContext<AgentHub> _hub;
    private readonly ILogger _logger;

    public AgentDeskNotifier(
        AcdEventFeed feed,
        IGrainFactory grains,
        HotlineCallRegistry calls,
        IDbContextFactory<CallRecordsDbContext> records,
        ICallerTicketHistory tickets,
        CallbackTaskList callbacks,
        ICallbackTaskStore callbackTasks,
        IOptions<PrivacyOptions> privacy,
        TimeProvider time,
        IHubContext<AgentHub> hub,
        ILogger<AgentDeskNotifier> logger)
    {
        _feed = feed.Subscribe();
        _grains = grains;
        _calls = calls;
        _records = records;
        _tickets = tickets;
        _callbacks = callbacks;
        _callbackTasks = callbackTasks;
        _privacy = privacy.Value;
        _time = time;
        _hub = hub;
        _logger = logger;
    }

    public static string GroupOf(string agentId) => "agent:" + agentId;

    /// <summary>The agent's state as the desktop shows it.</summary>
    public static AgentStateMessage StateOf(AgentSnapshot snapshot, DateTimeOffset now) => new(
        snapshot.AgentId,
        snapshot.State switch
        {
            AgentState.LoggedOut => "loggedOut",
            AgentState.Ready => "ready",
            AgentState.NotReady => "notReady",
            AgentState.Offered => "offered",
            AgentState.Talking => "onCall",
            AgentState.WrapUp => "wrapUp",
            _ => snapshot.State.ToString(),
        },
        snapshot.NotReadyReason,
        snapshot.State == AgentState.WrapUp && snapshot.WrapUpUntil is { } until ? Math.Max(0, (int)Math.Ceiling((until - now).TotalSeconds)) : null);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var evt in _feed.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                _callbacks.Apply(evt);
                if (evt.AgentId is not { } agentId)
                {
                    continue;
                }

                try
                {
                    await OnAgentEventAsync(evt, agentId, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogPushFailed(_logger, evt.Kind.ToString(), agentId, evt.CallId, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task OnAgentEventAsync(AcdEvent evt, string agentId, CancellationToken cancellationToken)
    {
        var group = _hub.Clients.Group(GroupOf(agentId));
        switch (evt.Kind)
        {
            case AcdEventKind.CallOffered when evt.CallId is { } callId:
                var offer = await ScreenPopAsync(callId, evt.QueueId, cancellationToken).ConfigureAwait(false);
                await group.SendAsync("offer", offer, cancellationToken).ConfigureAwait(false);
                LogScreenPop(_logger, callId, agentId, evt.QueueId, offer.EarlierCalls.Count, offer.OpenTickets.Count);
                break;
            case AcdEventKind.CallEnded when evt.CallId is { } callId:
                await group.SendAsync("callEnded", new CallEndedMessage(callId), cancellationToken).ConfigureAwait(false);
                break;
        }

        if (evt.Kind is AcdEventKind.CallOffered or AcdEventKind.OfferAnswered or AcdEventKind.OfferMissed or AcdEventKind.OfferRejected
            or AcdEventKind.OfferCancelled or AcdEventKind.AgentLoggedIn or AcdEventKind.AgentLoggedOut or AcdEventKind.AgentReady
            or AcdEventKind.AgentNotReady or AcdEventKind.AgentWrapUpStarted or AcdEventKind.AgentWrapUpEnded or AcdEventKind.AgentMissedTooMany)
        {
            var snapshot = await _grains.GetGrain<IAgentGrain>(agentId).GetSnapshotAsync().ConfigureAwait(false);
            await group.SendAsync("state", StateOf(snapshot, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<OfferMessage> ScreenPopAsync(string callId, string? queueId, CancellationToken cancellationToken)
    {
        var call = _calls.Find(callId);

        // A callback task has no live call until its caller is dialled: the number is the stored task's.
        var number = call?.CallerNumber
            ?? (await _callbackTasks.GetAsync(callId, cancellationToken).ConfigureAwait(false))?.Task.CallerNumber;
        IReadOnlyList<EarlierCall> earlier = [];
        IReadOnlyList<OpenTicket> tickets = [];
        if (!string.IsNullOrEmpty(number))
        {
            await using var db = await _records.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            var rows = await db.CallRecords.AsNoTracking()
                .Where(r => r.CallerNumber == number && r.CallId != callId)
                .OrderByDescending(r => r.ArrivedAt)
                .Take(EarlierCallsShown)
                .Select(r => new { r.ArrivedAt, r.Disposition, r.AgentId })
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            earlier = [.. rows.Select(r => new EarlierCall(r.ArrivedAt, r.Disposition, r.AgentId))];
            tickets = await _tickets.OpenTicketsAsync(number, cancellationToken).ConfigureAwait(false);
        }

        return new OfferMessage(callId, queueId ?? call?.QueueId, _privacy.Show(number, HotlineRoles.Agent), earlier, tickets, call?.IncidentReference);
    }

    [LoggerMessage(EventId = 5301, Level = LogLevel.Information, Message = "Screen pop for call {CallId} to agent {AgentId} (queue {Queue}): {EarlierCalls} earlier calls, {OpenTickets} open tickets")]
    private static partial void LogScreenPop(ILogger logger, string callId, string agentId, string? queue, int earlierCalls, int openTickets);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Warning, Message = "Agent desktop push after {Kind} failed for agent {AgentId}, call {CallId}")]
    private static partial void LogPushFailed(ILogger logger, string kind, string agentId, string? callId, Exception exception);
}
