using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transactions;

namespace HotlineTelephony.Sip.Registrar;

/// <summary>
/// Probes a binding with an out-of-dialog OPTIONS (RFC 3261 §11) sent through the transaction layer to the
/// binding's <see cref="ContactBinding.Flow"/>, so it leaves from our SIP port and refreshes the very NAT mapping
/// the phone's REGISTER opened. Every softphone answers OPTIONS, if only with 405 or 501, which is all we need.
/// </summary>
public sealed class OptionsKeepAliveProbe : IKeepAliveProbe
{
    private readonly SipTransactionLayer _transactions;
    private readonly string _localDomain;

    /// <param name="localDomain">Host part of the From URI: the realm, so phones show where the ping came from.</param>
    public OptionsKeepAliveProbe(SipTransactionLayer transactions, string localDomain)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentException.ThrowIfNullOrWhiteSpace(localDomain);
        _transactions = transactions;
        _localDomain = localDomain;
    }

    public Task<bool> ProbeAsync(ContactBinding binding, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var user = new Outcome();
        user.Cancellation = cancellationToken.Register(static state => ((Outcome)state!).TrySetCanceled(), user);
        _transactions.SendRequest(CreateOptions(binding), binding.Flow, user);
        return user.Task;
    }

    /// <summary>The OPTIONS for <paramref name="binding"/>, without Via (the transaction layer adds it).</summary>
    public SipRequest CreateOptions(ContactBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var target = binding.Uri.WithoutHeaders();
        var headers = new SipHeaders();
        headers.Add(HeaderId.MaxForwards, "70");
        headers.Add(HeaderId.From, $"<sip:keepalive@{_localDomain}>;tag={Authentication.SipTags.Create()}");
        headers.Add(HeaderId.To, $"<{target}>");
        headers.Add(HeaderId.CallId, $"{Authentication.SipTags.Create()}{Authentication.SipTags.Create()}@{_localDomain}");
        headers.Add(HeaderId.CSeq, "1 " + SipMethods.Options);
        return new SipRequest(SipMethods.Options, target, headers);
    }

    private sealed class Outcome : TaskCompletionSource<bool>, IClientTransactionUser
    {
        public CancellationTokenRegistration Cancellation { get; set; }

        public void OnResponse(ClientTransaction tx, SipResponse response)
        {
            // Provisional answers are not the end of the transaction; 408 from the far side means nobody is there.
            if (!response.IsProvisional)
            {
                Complete(response.StatusCode != 408);
            }
        }

        public void OnTimeout(ClientTransaction tx) => Complete(false);

        public void OnTransportError(ClientTransaction tx, Exception error) => Complete(false);

        private void Complete(bool alive)
        {
            if (TrySetResult(alive))
            {
                Cancellation.Dispose();
            }
        }
    }
}
