using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HotlineTelephony.Tickets.Tests.Support;

/// <summary>Fails every command whose SQL (quotes removed: providers quote differently) contains <paramref name="sqlFragment"/> while <see cref="Enabled"/>.</summary>
public sealed class FailingCommandInterceptor(string sqlFragment) : DbCommandInterceptor
{
    private int _failures;

    public bool Enabled { get; set; } = true;

    public int Failures => Volatile.Read(ref _failures);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        FailIfMatching(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        FailIfMatching(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    private void FailIfMatching(DbCommand command)
    {
        if (Enabled && command.CommandText.Replace("\"", "", StringComparison.Ordinal).Contains(sqlFragment, StringComparison.OrdinalIgnoreCase))
        {
            Interlocked.Increment(ref _failures);
            throw new InjectedDbException($"injected failure of: {sqlFragment}");
        }
    }
}
