namespace HotlineTelephony.Sip.Transports;

/// <summary>A message could not be sent (unreachable, connection refused or reset, message too large).</summary>
public sealed class SipTransportException : Exception
{
    public SipTransportException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
