namespace HotlineTelephony.CallCenter.Dialplans;

/// <summary>Thrown at start-up when the configured dialplan folder does not load; the message lists every error.</summary>
public sealed class DialplanLoadException : Exception
{
    public DialplanLoadException(IReadOnlyList<DialplanError> errors)
        : base("The dialplan did not load:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
    {
        Errors = errors;
    }

    public DialplanLoadException()
        : this([])
    {
    }

    public DialplanLoadException(string message)
        : base(message)
    {
        Errors = [];
    }

    public DialplanLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public IReadOnlyList<DialplanError> Errors { get; }
}
