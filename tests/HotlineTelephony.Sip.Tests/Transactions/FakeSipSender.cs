using HotlineTelephony.Sip.Messages;
using HotlineTelephony.Sip.Transports;

namespace HotlineTelephony.Sip.Tests.Transactions;

/// <summary>Records every message handed to the transport as wire text, with the fake time it was sent at.</summary>
public sealed class FakeSipSender : ISipSender
{
    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly Lock _lock = new();
    private readonly List<SentMessage> _sent = [];

    public FakeSipSender(TimeProvider time)
    {
        _time = time;
        _start = time.GetTimestamp();
    }

    /// <summary>Decides, per message, whether the send fails and how: synchronously or through a faulted task.</summary>
    public Func<SipMessage, SendFailure> Fail { get; set; } = _ => SendFailure.None;

    /// <summary>When set, what SendRequestAsync reports as the remote actually used (e.g. a TCP connection id).</summary>
    public SipRemote? ActualRemote { get; set; }

    public IReadOnlyList<SentMessage> Sent
    {
        get
        {
            lock (_lock)
            {
                return _sent.ToList();
            }
        }
    }

    public List<SentMessage> Requests(string method) =>
        Sent.Where(m => m.Message is SipRequest r && r.Method == method).ToList();

    public List<SentMessage> Responses(int statusCode) =>
        Sent.Where(m => m.Message is SipResponse r && r.StatusCode == statusCode).ToList();

    public void Clear()
    {
        lock (_lock)
        {
            _sent.Clear();
        }
    }

    public ValueTask<SipRemote> SendRequestAsync(SipRequest request, SipRemote destination, CancellationToken cancellationToken = default)
    {
        var failure = Record(request, destination);
        if (failure == SendFailure.Faulted)
        {
            return ValueTask.FromException<SipRemote>(new SipTransportException("connection refused"));
        }

        return ValueTask.FromResult(ActualRemote ?? destination);
    }

    public ValueTask SendResponseAsync(SipResponse response, SipRemote requestSource, CancellationToken cancellationToken = default)
    {
        var failure = Record(response, requestSource);
        return failure == SendFailure.Faulted
            ? ValueTask.FromException(new SipTransportException("connection reset"))
            : ValueTask.CompletedTask;
    }

    public (string Host, int Port) GetSentBy(SipTransportKind transport) => ("192.0.2.10", transport == SipTransportKind.Tls ? 5061 : 5060);

    private SendFailure Record(SipMessage message, SipRemote remote)
    {
        var failure = Fail(message);
        if (failure == SendFailure.Throws)
        {
            throw new SipTransportException("network unreachable");
        }

        lock (_lock)
        {
            _sent.Add(new SentMessage(_time.GetElapsedTime(_start), message.ToString(), remote, message));
        }

        return failure;
    }

    public enum SendFailure
    {
        None,
        Throws,
        Faulted,
    }
}

public sealed record SentMessage(TimeSpan At, string Text, SipRemote Remote, SipMessage Message)
{
    public string StartLine => Text[..Text.IndexOf("\r\n", StringComparison.Ordinal)];

    public string? Header(string name) =>
        Text.Split("\r\n").FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))?[(name.Length + 1)..].Trim();
}
