using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Calls;
using HotlineTelephony.CallCenter.Dialplans;
using HotlineTelephony.CallCenter.Dialplans.Model;
using HotlineTelephony.CallCenter.Grains;
using HotlineTelephony.CallCenter.Records;
using HotlineTelephony.Media.Engine;
using HotlineTelephony.Media.Sessions;
using HotlineTelephony.CallCenter.Restrictions;
using HotlineTelephony.Server.Operations;
using HotlineTelephony.Server.Sip;
using HotlineTelephony.Sip.Authentication;
using HotlineTelephony.Sip.UserAgents;

namespace HotlineTelephony.Server.CallCenter;

/// <summary>
/// Where SIP meets the call centre: routes a new INVITE through the dialplan (service numbers and 双号并行 department
/// lines to their queues, feature codes to the agent's grain), answers the caller, applies the restriction list and
/// the priority rules, and feeds what the phones do (hang-ups, keys) to the call's grain. Decisions about queueing
/// belong to the grains; this class only translates.
/// </summary>
internal sealed partial class HotlineCallCenter
{
    private readonly DialplanProvider _dialplans;
    private readonly IGrainFactory _grains;
    private readonly HotlineCallRegistry _calls;
    private readonly CallerRestrictionList _restrictions;
    private readonly IAcdEventLog _events;
    private readonly TimeProvider _time;
    private readonly CallRecordWriter _records;
    private readonly IOpenTicketLookup _openTickets;
    private readonly CallInstruments _instruments;
    private readonly IEmergencyTransferNotifier _transfers;
    private readonly ILogger _logger;

    public HotlineCallCenter(
        DialplanProvider dialplans,
        GrainRuntime grains,
        HotlineCallRegistry calls,
        CallerRestrictionList restrictions,
        IAcdEventLog events,
        TimeProvider time,
        CallRecordWriter records,
        IOpenTicketLookup openTickets,
        CallInstruments instruments,
        ILogger<HotlineCallCenter> logger,
        IEmergencyTransferNotifier? transfers = null)
    {
        _transfers = transfers ?? new NoEmergencyTransferNotifier();
        _records = records;
        _openTickets = openTickets;
        _instruments = instruments;
        _dialplans = dialplans;
        _grains = grains;
        _calls = calls;
        _restrictions = restrictions;
        _events = events;
        _time = time;
        _logger = logger;
    }

    /// <summary>The running SIP stack, set by the SIP hosted service when it starts.</summary>
    public SipStack? Stack { get; set; }

    public DialplanProvider Dialplans => _dialplans;

    public IGrainFactory Grains => _grains;

    public HotlineCallRegistry Calls => _calls;

    public CallerRestrictionList Restrictions => _restrictions;

    /// <summary>
    /// Handles the INVITE when the dialplan routes <paramref name="dialled"/> to the call centre (service number,
    /// department line, feature code); false leaves it to the other routes (extensions, conference rooms).
    /// </summary>
    public bool TryHandle(IncomingInvite invite, AuthResult auth, string dialled, SipStack stack)
    {
        var plan = _dialplans.Current;
        var route = plan.Route(dialled);
        switch (route?.Kind)
        {
            case NumberRouteKind.Service when route.Menu is { } menu && plan.Policy.IvrMenuEnabled:
                Answer(invite, auth, plan, route.Queue ?? "", stack, menu);
                return true;
            case NumberRouteKind.Menu when route.Menu is { } menu && plan.Policy.IvrMenuEnabled:
                Answer(invite, auth, plan, "", stack, menu);
                return true;
            case NumberRouteKind.Service when route.Queue is { } queue:
                Answer(invite, auth, plan, queue, stack);
                return true;
            case NumberRouteKind.DepartmentLine when route.Seat is { } seatId && plan.FindSeat(seatId) is { } seat:
                Answer(invite, auth, plan, seat.Queue, stack);
                return true;
            case NumberRouteKind.Feature when route.Feature is { } feature:
                _ = FeatureCodeCall.RunAsync(invite, auth, plan, feature, route.ArgumentOf(dialled), _grains, stack, _logger);
                return true;
            default:
                return false;
        }
    }

    private void Answer(IncomingInvite invite, AuthResult auth, Dialplan plan, string queueId, SipStack stack, string? menuId = null)
    {
        var request = invite.Request;
        var trunk = auth.Peer is { } peer ? plan.FindTrunk(peer.Name) : null;
        var call = new HotlineCall(invite, stack.CreateCallMedia(request.CallId ?? "call", invite.Source), stack, trunk?.Name, _logger);
        if (!_calls.TryAdd(call))
        {
            invite.Reject(482, "Loop Detected");
            return;
        }

        var grain = _grains.GetGrain<ICallGrain>(call.CallId);
        call.CallerHungUp += c => _ = Report(c.CallId, () => grain.CallerHungUpAsync());
        call.AgentHungUp += (c, agentId) => _ = Report(c.CallId, () => grain.AgentHungUpAsync());
        call.AgentLeft += (c, agentId) => _ = Report(c.CallId, () => _grains.GetGrain<IAgentGrain>(agentId).CallEndedAsync(c.CallId));
        var keys = new InCallKeys(this, call);
        call.AgentDigit += (_, digit) => keys.OnAgentDigit(digit);
        call.Closed += (c, recording, legs) => _ = Report(c.CallId, () => WriteRecordAsync(c, grain, recording, legs));
        if (!call.Answer())
        {
            return;
        }

        string? incident = trunk?.IncidentHeader is { } header ? request.Headers.Get(header) : null;
        call.QueueId = queueId;
        call.IncidentReference = incident;
        var arrival = new CallArrival(call.CallerNumber, call.DialledNumber, queueId, CallPriority.Normal, incident);
        _ = ArriveAsync(call, grain, arrival, plan, menuId, trunk);
    }

    private async Task ArriveAsync(HotlineCall call, ICallGrain grain, CallArrival arrival, Dialplan plan, string? menuId, TrunkDefinition? trunk)
    {
        try
        {
            using var scope = _logger.BeginScope(new Dictionary<string, object?> { ["CallId"] = call.CallId, ["Queue"] = arrival.QueueId });
            arrival = arrival with
            {
                Priority = await ArrivalPriority.ResolveAsync(plan, trunk, call.DialledNumber, call.CallerNumber, _openTickets, _time, _logger, call.CallId).ConfigureAwait(false),
            };

            if (_restrictions.Find(call.CallerNumber) is { } listing)
            {
                if (!await RestrictedCallerPressedEmergencyKeyAsync(call, listing, plan).ConfigureAwait(false))
                {
                    return;
                }

                // The emergency key: the caller goes to the queue ahead of everyone but 110 transfers, with no menu.
                arrival = arrival with { QueueId = plan.Policy.RestrictedCaller.Queue ?? FirstQueue(plan, arrival.QueueId), Priority = Math.Max(arrival.Priority, CallPriority.UrgentUtility) };
                menuId = null;
            }

            if (menuId is not null)
            {
                arrival = arrival with { QueueId = await ChooseQueueAsync(call, plan, menuId).ConfigureAwait(false) };
            }

            call.QueueId = arrival.QueueId;

            await grain.ArriveAsync(arrival).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogArrivalFailed(_logger, e, call.CallId);
            call.HangUp("call centre error");
        }
    }

    private static string FirstQueue(Dialplan plan, string queueId) =>
        queueId.Length > 0 || plan.Queues.Count == 0 ? queueId : plan.Queues[0].Id;

    /// <summary>
    /// R-TEL-40: a listed caller hears the restriction notice and is released, unless they press the emergency key
    /// while it plays or just after: an emergency must never be blocked.
    /// </summary>
    private async Task<bool> RestrictedCallerPressedEmergencyKeyAsync(HotlineCall call, CallerRestriction listing, Dialplan plan)
    {
        _events.Append(new AcdEvent(_time.GetUtcNow(), AcdEventKind.CallRestricted, call.CallId, Detail: listing.Reason));
        LogRestricted(_logger, call.CallId, call.CallerNumber, listing.End);
        await call.Answered.ConfigureAwait(false);
        var key = plan.Policy.RestrictedCaller.EmergencyKey;
        var keyTask = call.WaitForDigitAsync(TimeSpan.FromSeconds(15), CancellationToken.None);
        var notice = Stack?.Media.Prompts is { } prompts ? new[] { prompts.Get(Media.Prompts.PromptId.RestrictedCaller) } : [];
        await call.AnnounceAsync(notice, CancellationToken.None).ConfigureAwait(false);
        var pressed = await keyTask.ConfigureAwait(false);
        if (pressed is { } digit && key.Length == 1 && digit == key[0])
        {
            _restrictions.RecordEmergencyOverride(call.CallerNumber, call.CallId);
            return true;
        }

        call.HangUp("restricted caller released");
        return false;
    }

    /// <summary>The call record (R-TEL-52): one row per call, with its legs' RTP quality and who was on the call when.</summary>
    private async Task WriteRecordAsync(HotlineCall call, ICallGrain grain, RecordingInfo? recording, IReadOnlyList<MediaLeg> legs)
    {
        string? disposition = null;
        try
        {
            disposition = (await grain.GetSnapshotAsync().ConfigureAwait(false)).Disposition;
            await grain.ReleaseAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogReportFailed(_logger, e, call.CallId);
        }

        // The grain decides the disposition. When the caller's hang-up overtook an agent's answer by a few
        // milliseconds, the grain logged an abandoned call: the record then names no answering agent either.
        bool abandoned = disposition == CallDisposition.Abandoned;
        var record = new CallRecord
        {
            CallId = call.CallId,
            CallerNumber = call.CallerNumber,
            DialledNumber = call.DialledNumber,
            Trunk = call.Trunk,
            ArrivedAt = call.ArrivedAt,
            QueueId = call.QueueId,
            QueuedAt = call.QueueId is null ? null : call.ArrivedAt,
            AnsweredAt = abandoned ? null : call.AgentAnsweredAt,
            AgentId = abandoned ? null : call.AnsweringAgentId,
            EndedAt = _time.GetUtcNow(),
            Disposition = disposition ?? (call.AgentAnsweredAt is null ? "not-answered" : "answered"),
            RecordingPath = recording?.Path,
            RecordingDuration = recording?.Duration,
            IncidentReference110 = call.IncidentReference,
            TicketId = call.TicketId,
        };
        foreach (var participant in call.Participants)
        {
            record.Parties.Add(participant.Party);
            var kind = participant.Party.StartsWith("third", StringComparison.Ordinal) ? CallRecordEventKind.ThirdPartyJoined : CallRecordEventKind.Answered;
            record.Events.Add(new CallRecordEvent { CallId = call.CallId, Ordinal = record.Events.Count, At = participant.JoinedAt, Kind = kind, Party = participant.Party, Detail = participant.Address });
            if (participant.LeftAt is { } left)
            {
                record.Events.Add(new CallRecordEvent { CallId = call.CallId, Ordinal = record.Events.Count, At = left, Kind = kind == CallRecordEventKind.ThirdPartyJoined ? CallRecordEventKind.ThirdPartyLeft : CallRecordEventKind.Ended, Party = participant.Party });
            }
        }

        // The transfers make the record readable by the dispatchers (Web/Dispatch): party the line, detail who or how.
        foreach (var transfer in call.EmergencyTransfers)
        {
            record.Events.Add(new CallRecordEvent { CallId = call.CallId, Ordinal = record.Events.Count, At = transfer.StartedAt, Kind = CallRecordEventKind.EmergencyTransferStarted, Party = transfer.Line, Detail = transfer.AgentId });
            if (transfer is { Outcome: { } outcome, OutcomeAt: { } at })
            {
                var kind = outcome == "answered" ? CallRecordEventKind.EmergencyTransferAnswered : CallRecordEventKind.EmergencyTransferFailed;
                record.Events.Add(new CallRecordEvent { CallId = call.CallId, Ordinal = record.Events.Count, At = at, Kind = kind, Party = transfer.Line, Detail = outcome });
            }
        }

        AddLegQuality(record, legs);
        _records.Enqueue(record);
        _calls.RecordQueued(call);
    }

    /// <summary>The call record of a call to an extension (agent to agent, or a trunk straight to an extension).</summary>
    public void WriteExtensionRecord(string callId, string caller, string extension, string? trunk, DateTimeOffset arrived, HotlineTelephony.Sip.Dialogs.SessionTermination? ended, RecordingInfo? recording, IReadOnlyList<MediaLeg> legs)
    {
        var record = new CallRecord
        {
            CallId = callId,
            CallerNumber = caller,
            DialledNumber = extension,
            Trunk = trunk,
            ArrivedAt = arrived,
            EndedAt = _time.GetUtcNow(),
            Disposition = ended is null ? "ended" : $"{ended.Reason} {ended.StatusCode}",
            RecordingPath = recording?.Path,
            RecordingDuration = recording?.Duration,
            AgentId = _dialplans.Current.FindAgentByExtension(extension)?.Id,
        };
        if (recording is not null)
        {
            record.Parties.AddRange(recording.Parties);
        }

        AddLegQuality(record, legs);
        _records.Enqueue(record);
    }

    /// <summary>RTCP-side quality of each leg as received by us: packets, loss, jitter (RFC 3550), also counted on /metrics.</summary>
    private void AddLegQuality(CallRecord record, IReadOnlyList<MediaLeg> legs)
    {
        foreach (var leg in legs)
        {
            var received = leg.Session.ReceiveSnapshot();
            _instruments.RecordLeg(received);
            record.Legs.Add(new CallLegQuality { CallId = record.CallId, Leg = leg.Name, Packets = received.Packets, Lost = received.Lost, JitterMs = received.JitterMilliseconds });
        }
    }

    private async Task Report(string callId, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogReportFailed(_logger, e, callId);
        }
    }

    [LoggerMessage(EventId = 3300, Level = LogLevel.Error, Message = "Call {CallId}: the call centre could not take the call")]
    private static partial void LogArrivalFailed(ILogger logger, Exception exception, string callId);

    [LoggerMessage(EventId = 3301, Level = LogLevel.Warning, Message = "Call {CallId}: reporting a phone event to the call grain failed")]
    private static partial void LogReportFailed(ILogger logger, Exception exception, string callId);

    [LoggerMessage(EventId = 3302, Level = LogLevel.Information, Message = "Call {CallId}: caller {Caller} is restricted until {Until:o}; notice played")]
    private static partial void LogRestricted(ILogger logger, string callId, string caller, DateTimeOffset until);
}
