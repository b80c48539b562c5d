namespace HotlineTelephony.CallCenter.Calls;

/// <summary>The default until the tickets project plugs in: nobody has an open ticket.</summary>
public sealed class NoOpenTicketLookup : IOpenTicketLookup
{
    public ValueTask<bool> HasOpenTicketAsync(string callerNumber, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(false);
}
