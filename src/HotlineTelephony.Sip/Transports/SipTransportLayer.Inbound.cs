using System.Net;
using HotlineTelephony.Sip.Messages;

namespace HotlineTelephony.Sip.Transports;

// Inbound path, run on the transports' receive loops for every datagram and stream frame. Nothing here may
// throw: a bad message is answered or dropped and counted, and the loop goes on.
public sealed partial class SipTransportLayer
{
    void ISipTransportReceiver.OnReceived(ReadOnlySpan<byte> data, SipRemote source)
    {
        _metrics.Received(TransportTag(source.Transport));
        _trace?.OnReceived(data, source);

        if (data.Length > _options.MaxMessageBytes)
        {
            _metrics.ParseError();
            Reject(data, 513, "Message Too Large", source, SipTransportMetrics.DropTooLarge);
            return;
        }

        // The parsed message keeps referring to its bytes, so it gets its own exact-size copy of the
        // pooled receive buffer: the one allocation a message must cost.
        var bytes = data.ToArray();
        if (!SipMessage.TryParse(bytes, out var message, out var error))
        {
            _metrics.ParseError();
            Reject(data, error.StatusCode, error.Reason, source, SipTransportMetrics.DropUnparsable);
            return;
        }

        if (!SipMessageValidator.TryValidate(message, out error))
        {
            _metrics.ParseError();
            if (message.IsRequest)
            {
                Reject(data, error.StatusCode, error.Reason, source, SipTransportMetrics.DropUnparsable);
            }
            else
            {
                _metrics.Dropped(SipTransportMetrics.DropInvalidResponse);
            }

            return;
        }

        if (message is SipRequest request)
        {
            StampReceivedAndRPort(request, source.EndPoint);
        }
        else if (!IsOurSentBy(message.TopVia))
        {
            // RFC 3261 §18.1.2: a response whose top Via is not ours was misrouted.
            _metrics.Dropped(SipTransportMetrics.DropForeignVia);
            return;
        }

        try
        {
            _sink!.OnMessage(message, source);
        }
        catch (Exception ex)
        {
            _metrics.Dropped(SipTransportMetrics.DropSinkFailed);
            SipTransportLog.SinkFailed(_logger, source.ToString(), ex);
        }
    }

    void ISipTransportReceiver.OnFramingError(ReadOnlySpan<byte> buffered, string error, bool tooLarge, SipRemote source)
    {
        SipTransportLog.FramingError(_logger, source.ToString(), error);
        _metrics.ParseError();
        if (tooLarge)
        {
            Reject(buffered, 513, "Message Too Large", source, SipTransportMetrics.DropTooLarge);
        }
        else
        {
            Reject(buffered, 400, error, source, SipTransportMetrics.DropFraming);
        }
    }

    /// <summary>
    /// Answers a request that never became a message the transaction layer could see. The reply goes straight
    /// back to where the bytes came from, not by the Via rules: there is no transaction, the Via may be the
    /// broken part, and the source address is the one path known to reach the sender.
    /// </summary>
    private void Reject(ReadOnlySpan<byte> data, int statusCode, string reason, SipRemote source, string dropReason)
    {
        var writer = PooledBufferWriter.ForCurrentThread();
        if (!RawResponseBuilder.TryBuild(data, statusCode, reason, writer))
        {
            _metrics.Dropped(dropReason);
            return;
        }

        try
        {
            if (source.Transport == SipTransportKind.Udp)
            {
                _udp!.Send(writer.WrittenSpan, source.EndPoint);
            }
            else if (_tcp is not null && _tcp.TryGetConnection(source.ConnectionId, out var connection))
            {
                connection.Send(writer.WrittenSpan);
            }
            else
            {
                _metrics.Dropped(dropReason);
                return;
            }

            _metrics.Sent(TransportTag(source.Transport));
            _trace?.OnSent(writer.WrittenSpan, source);
        }
        catch (SipTransportException ex)
        {
            SipTransportLog.ErrorResponseFailed(_logger, source.ToString(), ex);
        }
    }

    /// <summary>
    /// RFC 3261 §18.2.1 and RFC 3581 §4: record the source address in the top Via when it differs from
    /// sent-by, and the source port when the client asked with an empty rport (received is then always
    /// added). Only the first value of the Via field changes, even when several Vias share the line.
    /// </summary>
    private static void StampReceivedAndRPort(SipRequest request, IPEndPoint source)
    {
        var headers = request.Headers;
        int index = headers.IndexOf(HeaderId.Via);
        var field = headers.ValueAt(index);
        int comma = HeaderValueSplitter.NextComma(field, 0);
        var first = comma == field.Length ? field : field[..comma];
        if (!ViaHeader.TryParse(first, out var via))
        {
            return;
        }

        bool fillRPort = via.HasRPort && via.RPort is null;
        bool hostDiffers = !IsSameAddress(via.Host, source.Address);
        if (!fillRPort && !hostDiffers)
        {
            return;
        }

        var address = source.Address.IsIPv4MappedToIPv6 ? source.Address.MapToIPv4() : source.Address;
        var stamped = via.WithParameter("received", address.ToString());
        if (fillRPort)
        {
            stamped = stamped.WithParameter("rport", FormatPort(source.Port));
        }

        headers.SetAt(index, comma == field.Length ? stamped.ToString() : stamped + field[comma..]);
    }

    private static bool IsSameAddress(string host, IPAddress address)
    {
        if (!IPAddress.TryParse(host.AsSpan().Trim("[]"), out var hostAddress))
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return hostAddress.Equals(address);
    }

    private bool IsOurSentBy(ViaHeader? via)
    {
        if (via is null)
        {
            return false;
        }

        int port = via.Port ?? (via.Transport is "TLS" or "WSS" ? 5061 : 5060);
        return _ourPorts.Contains(port) && _ourHosts.Contains(via.Host.Trim('[', ']'));
    }
}
