namespace HotlineTelephony.Tickets;

/// <summary>A ticket write that still failed after every attempt (logged; the API answers 503). Nothing was written.</summary>
public sealed class TicketStoreException : Exception
{
    public TicketStoreException()
    {
    }

    public TicketStoreException(string message)
        : base(message)
    {
    }

    public TicketStoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
