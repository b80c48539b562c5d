using System.Buffers;
using System.Net;
using System.Net.Sockets;
using HotlineTelephony.Sip.Messages;

namespace HotlineTelephony.Sip.Transports;

// Outbound path. Messages are serialised into the thread's pooled writer; UDP sends straight from it, stream
// sends detach the pooled array into the connection's queue. Nothing awaits while the writer holds data.
public sealed partial class SipTransportLayer
{
    /// <inheritdoc/>
    public ValueTask<SipRemote> SendRequestAsync(SipRequest request, SipRemote destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        EnsureStarted();
        switch (destination.Transport)
        {
            case SipTransportKind.Udp:
                if (_udp is null)
                {
                    return ValueTask.FromException<SipRemote>(NotEnabled(SipTransportKind.Udp));
                }

                var (host, port) = GetSentBy(SipTransportKind.Udp, destination.EndPoint.Address);
                RewriteTopVia(request, "UDP", host, port);
                var writer = PooledBufferWriter.ForCurrentThread();
                request.WriteTo(writer);
                if (writer.WrittenCount > _options.UdpMtuThreshold)
                {
                    if (_tcp is not null)
                    {
                        // RFC 3261 §18.1.1: too big for an unknown path MTU. Only this request moves; the
                        // caller keeps addressing UDP, so one large INVITE does not flip later traffic.
                        return SendOverStreamAsync(request, new SipRemote(SipTransportKind.Tcp, destination.EndPoint), isRequest: true, cancellationToken);
                    }

                    SipTransportLog.LargeUdpRequest(_logger, writer.WrittenCount, destination.ToString());
                }

                SendDatagram(writer, destination.EndPoint);
                return ValueTask.FromResult(new SipRemote(SipTransportKind.Udp, destination.EndPoint));

            case SipTransportKind.Tcp when _tcp is not null:
                return SendOverStreamAsync(request, destination, isRequest: true, cancellationToken);

            default:
                return ValueTask.FromException<SipRemote>(NotEnabled(destination.Transport));
        }
    }

    /// <inheritdoc/>
    public ValueTask SendResponseAsync(SipResponse response, SipRemote requestSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        EnsureStarted();
        var via = response.TopVia ?? throw new ArgumentException("The response has no valid Via header to route it by.", nameof(response));
        if (requestSource.IsReliable)
        {
            if (requestSource.Transport != SipTransportKind.Tcp || _tcp is null)
            {
                return ValueTask.FromException(NotEnabled(requestSource.Transport));
            }

            return SendResponseOverStreamAsync(response, requestSource, cancellationToken);
        }

        if (_udp is null)
        {
            return ValueTask.FromException(NotEnabled(SipTransportKind.Udp));
        }

        // RFC 3261 §18.2.2 with RFC 3581 §4: maddr first, else received (or sent-by) at rport (or sent-by port).
        string host;
        int port;
        if (via.MAddr is { Length: > 0 } maddr)
        {
            host = maddr;
            port = via.Port ?? 5060;
        }
        else
        {
            host = via.Received is { Length: > 0 } received ? received : via.Host;
            port = via.RPort ?? via.Port ?? 5060;
        }

        if (IPAddress.TryParse(host.AsSpan().Trim("[]"), out var address))
        {
            var writer = PooledBufferWriter.ForCurrentThread();
            response.WriteTo(writer);
            SendDatagram(writer, new IPEndPoint(address, port));
            return ValueTask.CompletedTask;
        }

        return SendResponseToNameAsync(response, host, port, cancellationToken);
    }

    private async ValueTask SendResponseOverStreamAsync(SipResponse response, SipRemote requestSource, CancellationToken cancellationToken) =>
        await SendOverStreamAsync(response, requestSource, isRequest: false, cancellationToken).ConfigureAwait(false);

    private async ValueTask SendResponseToNameAsync(SipResponse response, string host, int port, CancellationToken cancellationToken)
    {
        var target = new IPEndPoint(await ResolveAsync(host, cancellationToken).ConfigureAwait(false), port);
        var writer = PooledBufferWriter.ForCurrentThread();
        response.WriteTo(writer);
        SendDatagram(writer, target);
    }

    private void SendDatagram(PooledBufferWriter writer, IPEndPoint destination)
    {
        if (writer.WrittenCount > _options.MaxMessageBytes)
        {
            throw new SipTransportException($"A {writer.WrittenCount}-byte message exceeds MaxMessageBytes ({_options.MaxMessageBytes})");
        }

        _udp!.Send(writer.WrittenSpan, destination);
        _metrics.Sent(TransportTag(SipTransportKind.Udp));
        _trace?.OnSent(writer.WrittenSpan, new SipRemote(SipTransportKind.Udp, destination));
    }

    /// <summary>
    /// Sends on a stream connection: the given one if still open, else an open one to the address, else a new
    /// one. A response whose connection is gone goes to the top Via's received/rport or sent-by (§18.2.2).
    /// </summary>
    private async ValueTask<SipRemote> SendOverStreamAsync(SipMessage message, SipRemote destination, bool isRequest, CancellationToken cancellationToken)
    {
        var tcp = _tcp!;
        if (!tcp.TryGetConnection(destination.ConnectionId, out var connection) && !tcp.TryGetConnection(destination.EndPoint, out connection))
        {
            var target = destination.EndPoint;
            if (!isRequest && message.TopVia is { } via)
            {
                var host = via.Received is { Length: > 0 } received ? received : via.Host;
                var address = IPAddress.TryParse(host.AsSpan().Trim("[]"), out var ip) ? ip : await ResolveAsync(host, cancellationToken).ConfigureAwait(false);
                target = new IPEndPoint(address, via.RPort ?? via.Port ?? 5060);
            }

            connection = await tcp.GetOrConnectAsync(target, cancellationToken).ConfigureAwait(false);
        }

        if (isRequest)
        {
            var (host, port) = _fixedHost is { } fixedHost
                ? (fixedHost, PortOf(SipTransportKind.Tcp))
                : (FormatHost(connection.Local.Address), PortOf(SipTransportKind.Tcp));
            RewriteTopVia(message, "TCP", host, port);
        }

        var writer = PooledBufferWriter.ForCurrentThread();
        message.WriteTo(writer);
        if (writer.WrittenCount > _options.MaxMessageBytes)
        {
            throw new SipTransportException($"A {writer.WrittenCount}-byte message exceeds MaxMessageBytes ({_options.MaxMessageBytes})");
        }

        _trace?.OnSent(writer.WrittenSpan, connection.SipRemote);
        var pooled = writer.Detach(out int length);
        connection.SendOwned(pooled, length);
        _metrics.Sent(TransportTag(SipTransportKind.Tcp));
        return connection.SipRemote;
    }

    /// <summary>Sets the top Via's transport and sent-by to ours, keeping its branch and other parameters.</summary>
    private static void RewriteTopVia(SipMessage message, string transport, string host, int port)
    {
        var headers = message.Headers;
        int index = headers.IndexOf(HeaderId.Via);
        if (index < 0)
        {
            throw new ArgumentException("The request has no Via header; the transaction layer adds one with its branch.", nameof(message));
        }

        var field = headers.ValueAt(index);
        int comma = HeaderValueSplitter.NextComma(field, 0);
        var first = comma == field.Length ? field : field[..comma];
        if (!ViaHeader.TryParse(first, out var via))
        {
            throw new ArgumentException("The request's top Via header is malformed.", nameof(message));
        }

        if (via.Transport == transport && via.Port == port && string.Equals(via.Host, host, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var rewritten = new ViaHeader(transport, host, port, via.Parameters).ToString();
        headers.SetAt(index, comma == field.Length ? rewritten : rewritten + field[comma..]);
    }

    private static async ValueTask<IPAddress> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            foreach (var a in addresses)
            {
                if (a.AddressFamily == AddressFamily.InterNetwork)
                {
                    return a;
                }
            }

            return addresses.Length > 0 ? addresses[0] : throw new SipTransportException($"'{host}' has no address");
        }
        catch (SocketException ex)
        {
            throw new SipTransportException($"Cannot resolve '{host}': {ex.SocketErrorCode}", ex);
        }
    }

    private void EnsureStarted()
    {
        if (Volatile.Read(ref _started) == 0)
        {
            ThrowHelper.ThrowInvalidOperation("The SIP transport layer is not started.");
        }
    }

    private static SipTransportException NotEnabled(SipTransportKind kind) =>
        new($"The {kind} transport is not enabled");
}
