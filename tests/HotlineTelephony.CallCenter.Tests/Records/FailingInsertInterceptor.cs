using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HotlineTelephony.CallCenter.Tests.Records;

/// <summary>Fails INSERT commands like a read-only or full disk would (SQLITE_READONLY), a set number of times or always.</summary>
internal sealed class FailingInsertInterceptor : DbCommandInterceptor
{
    private int _failuresLeft;

    public FailingInsertInterceptor(int failures = int.MaxValue) => _failuresLeft = failures;

    public int Failures { get; private set; }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        MaybeFail(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        MaybeFail(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        MaybeFail(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        MaybeFail(command);
        return ValueTask.FromResult(result);
    }

    private void MaybeFail(DbCommand command)
    {
        if (!command.CommandText.Contains("INSERT INTO", StringComparison.Ordinal))
        {
            return;
        }

        if (Interlocked.Decrement(ref _failuresLeft) < 0)
        {
            Interlocked.Exchange(ref _failuresLeft, -1);
            return;
        }

        Failures++;
        throw new SqliteException("attempt to write a readonly database (injected)", 8);
    }
}
