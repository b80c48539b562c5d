using System.Diagnostics;
using System.Globalization;
using System.Net;
using HotlineTelephony.CallCenter.Acd;
using HotlineTelephony.CallCenter.Calls;
using HotlineTelephony.CallCenter.Dialplans.Model;
using HotlineTelephony.Media.Prompts;
using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transports;

namespace HotlineTelephony.Server.CallCenter;

/// <summary>
/// Agent call control with the same effect from the API and from the phone: hold, three-way calls with the
/// directory (三方通话), one-key emergency transfer (一键转接) to 110/119/120/122, leave, drop, hang up.
/// </summary>
internal sealed partial class HotlineCallCenter
{
    /// <summary>Outcome of a call-control request, as the API reports it.</summary>
    public sealed record ControlResult(bool Done, string Status, double? InviteAfterMs = null);

    public ControlResult Hold(string callId) =>
        _calls.Find(callId) is { } call && call.HoldCaller() ? Done("held") : Refused(callId, "no connected call to hold");

    public ControlResult Resume(string callId) =>
        _calls.Find(callId) is { } call && call.ResumeCaller() ? Done("resumed") : Refused(callId, "the caller is not on hold");

    public ControlResult HangUp(string callId)
    {
        if (_calls.Find(callId) is not { } call)
        {
            return Refused(callId, "no such call");
        }

        call.HangUp("agent or supervisor hung up");
        return Done("hung up");
    }

    /// <summary>
    /// Three-way call with a directory entry: the caller waits on hold while the agent talks to the department; the
    /// result comes when the department answers (consultation) or does not (the caller is back with the agent).
    /// </summary>
    public async Task<ControlResult> ThreeWayAsync(string callId, string directoryCode)
    {
        var plan = _dialplans.Current;
        if (_calls.Find(callId) is not { ConnectedAgentId: { } agentId } call)
        {
            return Refused(callId, "no call with a connected agent");
        }

        if (plan.FindDirectoryEntry(directoryCode) is not { } entry || Target(plan, entry.Uri, entry.Number, entry.Trunk) is not { } reach)
        {
            return Refused(callId, $"no reachable directory entry '{directoryCode}'");
        }

        var (uri, destination) = reach;
        var dial = new ThirdPartyDial(entry.Name, uri, destination, null, SharedData(plan, call, agentId, new Dictionary<string, string>()), TimeSpan.FromSeconds(30));
        Append(AcdEventKind.ThirdPartyDialled, call, agentId, entry.Name);
        var outcome = await call.DialThirdPartyAsync(dial, CancellationToken.None).ConfigureAwait(false);
        return outcome == OfferOutcome.Answered
            ? Done("consulting")
            : Refused(callId, $"{entry.Name} not reached: {outcome}");
    }

    public ControlResult JoinThreeWay(string callId)
    {
        if (_calls.Find(callId) is not { } call || !call.JoinAll())
        {
            return Refused(callId, "no answered third party to join");
        }

        Append(AcdEventKind.ThirdPartyJoined, call, call.ConnectedAgentId, call.ThirdPartyName);
        return Done("joined");
    }

    /// <summary>The agent leaves; caller and third party stay connected and recorded. The agent goes to wrap-up.</summary>
    public ControlResult LeaveThreeWay(string callId)
    {
        if (_calls.Find(callId) is not { } call || !call.AgentLeave())
        {
            return Refused(callId, "no three-way call to leave");
        }

        return Done("left");
    }

    public ControlResult DropThirdParty(string callId) =>
        _calls.Find(callId) is { } call && call.DropThirdParty() ? Done("dropping") : Refused(callId, "no third party to drop");

    /// <summary>
    /// One-key transfer (R-TEL-10, R-TEL-16): calls the emergency number through its gateway with the caller's number
    /// as P-Asserted-Identity and the shared data in headers, tells the caller what is happening, and connects them
    /// warm (three-way, then the agent leaves) or blind (the agent leaves as soon as the dispatcher answers). When
    /// nobody answers in time, or the line is busy, the caller is back with the agent.
    /// </summary>
    public async Task<ControlResult> EmergencyTransferAsync(string callId, string number, EmergencyTransferMode? mode = null)
    {
        long pressed = Stopwatch.GetTimestamp();
        var plan = _dialplans.Current;
        if (_calls.Find(callId) is not { ConnectedAgentId: { } agentId } call)
        {
            return Refused(callId, "no call with a connected agent");
        }

        if (plan.FindEmergency(number) is not { } target || plan.FindTrunk(target.Trunk) is not { } trunk
            || Target(plan, null, target.Destination, trunk.Name) is not { } reach)
        {
            return Refused(callId, $"no gateway for emergency number {number}");
        }

        var (uri, destination) = reach;
        var transferMode = mode ?? plan.ModeOf(target);
        var identity = $"<sip:{call.CallerNumber}@{destination.EndPoint.Address}>";
        var prompts = Stack?.Media.Prompts;
        var dial = new ThirdPartyDial(
            target.Name.Length > 0 ? target.Name : number,
            uri,
            destination,
            identity,
            SharedData(plan, call, agentId, target.Headers),
            TimeSpan.FromSeconds(target.RingTimeoutSeconds),
            prompts?.Get(PromptId.EmergencyTransfer));
        Append(AcdEventKind.EmergencyTransferStarted, call, agentId, number);

        // Noted on the call before the push: from then on the dispatchers may read the call (Web/Dispatch).
        var transferId = Guid.NewGuid().ToString("N");
        var startedAt = _time.GetUtcNow();
        call.NoteEmergencyTransfer(new EmergencyTransferNote(transferId, number, agentId, startedAt));

        // The dispatcher console gets the caller's data before the INVITE leaves; a slow console delays it at most 200 ms.
        var notice = new EmergencyTransferNotice(transferId, number, call.CallId, call.CallerNumber, agentId, call.TicketId,
            DispatchCallUrl(call.CallId), call.IncidentReference, startedAt);
        using (var bound = new CancellationTokenSource(TimeSpan.FromMilliseconds(200)))
        {
            try
            {
                await _transfers.StartingAsync(notice, bound.Token).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                LogNoticeFailed(_logger, callId, number, ex);
            }
        }

        var dialling = call.DialThirdPartyAsync(dial, CancellationToken.None);
        double inviteAfterMs = Stopwatch.GetElapsedTime(pressed).TotalMilliseconds;
        LogEmergency(_logger, callId, number, transferMode.ToString(), inviteAfterMs);
        var outcome = await dialling.ConfigureAwait(false);
        if (outcome != OfferOutcome.Answered)
        {
            Append(AcdEventKind.EmergencyTransferFailed, call, agentId, $"{number} {outcome}");
            call.NoteEmergencyTransferOutcome(transferId, outcome.ToString().ToLowerInvariant(), _time.GetUtcNow());
            _transfers.Outcome(transferId, outcome.ToString().ToLowerInvariant());
            return new ControlResult(false, $"{number} not reached ({outcome}); the caller is back with the agent", inviteAfterMs);
        }

        Append(AcdEventKind.EmergencyTransferAnswered, call, agentId, number);
        call.NoteEmergencyTransferOutcome(transferId, "answered", _time.GetUtcNow());
        _transfers.Outcome(transferId, "answered");
        call.JoinAll();
        if (transferMode == EmergencyTransferMode.Blind)
        {
            call.AgentLeave();
            return new ControlResult(true, "transferred", inviteAfterMs);
        }

        return new ControlResult(true, "three-way with " + number, inviteAfterMs);
    }

    /// <summary>What the dispatcher console's push links to: the dispatcher-readable view of a transferred call.</summary>
    public static string DispatchCallUrl(string callId) => $"/api/dispatch/calls/{Uri.EscapeDataString(callId)}";

    /// <summary>Request-URI and destination for a directory or emergency entry: its SIP URI, or its number at its trunk.</summary>
    private static (SipUri Uri, SipRemote Destination)? Target(Dialplan plan, string? sipUri, string? number, string? trunkName)
    {
        if (sipUri is not null && SipUri.TryParse(sipUri, out var parsed) && IPAddress.TryParse(parsed.Host, out var host))
        {
            return (parsed, new SipRemote(SipTransportKind.Udp, new IPEndPoint(host, parsed.Port ?? 5060)));
        }

        if (number is null || trunkName is null || plan.FindTrunk(trunkName) is not { } trunk || !IPAddress.TryParse(trunk.Address, out var address))
        {
            return null;
        }

        var uri = SipUri.Parse($"sip:{number}@{address}:{trunk.Port.ToString(CultureInfo.InvariantCulture)}");
        return (uri, new SipRemote(SipTransportKind.Udp, new IPEndPoint(address, trunk.Port)));
    }

    /// <summary>
    /// The shared data of a transfer (R-TEL-15: the caller never repeats themselves): the hotline call id, the agent,
    /// the ticket when there is one, a link to the shared record, plus the plan's own headers with their placeholders.
    /// </summary>
    private List<KeyValuePair<string, string>> SharedData(Dialplan plan, HotlineCall call, string agentId, IReadOnlyDictionary<string, string> planHeaders)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["X-Hotline-Call-Id"] = call.CallId,
            ["X-Hotline-Agent"] = agentId,
            ["X-Hotline-Record-Url"] = $"/api/calls/{Uri.EscapeDataString(call.CallId)}/record",
        };
        if (call.IncidentReference is { } incident)
        {
            headers["X-110-Incident-Id"] = incident;
        }

        if (call.TicketId is { } ticket)
        {
            headers["X-Hotline-Ticket-Id"] = ticket;
        }

        foreach (var (name, template) in planHeaders)
        {
            var value = template
                .Replace("{caller_number}", call.CallerNumber, StringComparison.Ordinal)
                .Replace("{call_id}", call.CallId, StringComparison.Ordinal)
                .Replace("{agent_id}", agentId, StringComparison.Ordinal)
                .Replace("{ticket_id}", "", StringComparison.Ordinal)
                .Replace("{centre}", plan.Policy.Name, StringComparison.Ordinal);
            if (value.Length > 0)
            {
                headers[name] = value;
            }
        }

        return [.. headers];
    }

    private void Append(AcdEventKind kind, HotlineCall call, string? agentId, string? detail) =>
        _events.Append(new AcdEvent(_time.GetUtcNow(), kind, call.CallId, call.QueueId, agentId, detail));

    private static ControlResult Done(string status) => new(true, status);

    private ControlResult Refused(string callId, string why)
    {
        LogRefused(_logger, callId, why);
        return new ControlResult(false, why);
    }

    [LoggerMessage(EventId = 3320, Level = LogLevel.Information, Message = "Call {CallId}: one-key transfer to {Number} ({Mode}); INVITE sent {InviteAfterMs:F2} ms after the request")]
    private static partial void LogEmergency(ILogger logger, string callId, string number, string mode, double inviteAfterMs);

    [LoggerMessage(EventId = 3322, Level = LogLevel.Warning, Message = "Call {CallId}: the dispatcher console was not told of the transfer to {Number} in time; the transfer goes on")]
    private static partial void LogNoticeFailed(ILogger logger, string callId, string number, Exception exception);

    [LoggerMessage(EventId = 3321, Level = LogLevel.Information, Message = "Call {CallId}: call control refused: {Why}")]
    private static partial void LogRefused(ILogger logger, string callId, string why);
}
