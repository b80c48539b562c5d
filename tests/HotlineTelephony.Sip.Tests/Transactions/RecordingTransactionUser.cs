using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transactions;
using HotlineTelephony.Sip.Transports;

namespace HotlineTelephony.Sip.Tests.Transactions;

/// <summary>Stands in for the UA core on both sides; records every callback with the fake time it came at.</summary>
public sealed class RecordingTransactionUser : ISipTransactionUser, IClientTransactionUser
{
    private readonly Func<TimeSpan> _now;

    public RecordingTransactionUser(Func<TimeSpan> now) => _now = now;

    /// <summary>Lets a test answer a new request from inside the callback, as a real core would.</summary>
    public Action<ServerTransaction>? Answer { get; set; }

    public List<ServerTransaction> Requests { get; } = [];

    public List<SipRequest> Acks { get; } = [];

    public List<(ServerInviteTransaction Invite, SipRequest Cancel)> Cancelled { get; } = [];

    public List<SipResponse> StrayResponses { get; } = [];

    public List<(ClientTransaction Tx, SipResponse Response)> Responses { get; } = [];

    public List<(ClientTransaction Tx, TimeSpan At)> Timeouts { get; } = [];

    public List<(ClientTransaction Tx, Exception Error)> TransportErrors { get; } = [];

    public void OnRequest(ServerTransaction tx)
    {
        Requests.Add(tx);
        Answer?.Invoke(tx);
    }

    public void OnAck(SipRequest ack, SipRemote source) => Acks.Add(ack);

    public void OnCancelled(ServerInviteTransaction invite, SipRequest cancel) => Cancelled.Add((invite, cancel));

    public void OnStrayResponse(SipResponse response, SipRemote source) => StrayResponses.Add(response);

    public void OnResponse(ClientTransaction tx, SipResponse response) => Responses.Add((tx, response));

    public void OnTimeout(ClientTransaction tx) => Timeouts.Add((tx, _now()));

    public void OnTransportError(ClientTransaction tx, Exception error) => TransportErrors.Add((tx, error));
}
