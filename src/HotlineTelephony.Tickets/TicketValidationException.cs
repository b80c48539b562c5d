namespace HotlineTelephony.Tickets;

/// <summary>Bad input for a ticket: each field with what is wrong with it (the API answers 400 with these).</summary>
public sealed class TicketValidationException : Exception
{
    public TicketValidationException(IDictionary<string, string[]> errors)
        : base("Invalid ticket: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")))
    {
        Errors = new Dictionary<string, string[]>(errors, StringComparer.Ordinal);
    }

    public TicketValidationException()
        : this(new Dictionary<string, string[]>())
    {
    }

    public TicketValidationException(string message)
        : base(message)
    {
        Errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
    }

    public TicketValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }
}
