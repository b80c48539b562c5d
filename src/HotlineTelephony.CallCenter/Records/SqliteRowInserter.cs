using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace HotlineTelephony.CallCenter.Records;

/// <summary>
/// Inserts rows of one entity type as multi-row INSERT statements, skipping EF's change tracker and SaveChanges, which
/// cost far more than SQLite itself when thousands of calls a second each leave events and a record. Table,
/// columns and value conversions come from the EF model and each value goes through the type mapping EF would use,
/// so the rows are exactly what SaveChanges writes and EF reads them back unchanged.
/// </summary>
internal sealed class SqliteRowInserter
{
    // Parameters are bound by name, and SQLite finds a name by a linear scan of the statement's names: a few rows per
    // statement keep that scan short (900 parameters per statement spent more time in strncmp than in inserting).
    private const int MaxParameters = 120;

    private readonly string _table;
    private readonly Column[] _columns;
    private readonly string _columnList;

    public SqliteRowInserter(DbContext db, Type entityType)
    {
        var type = db.Model.FindEntityType(entityType) ?? throw new ArgumentException($"{entityType.Name} is not in the model.", nameof(entityType));
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var columns = new List<Column>();
        foreach (var property in type.GetProperties())
        {
            if (property.GetColumnName(table) is not { } name || property.IsShadowProperty())
            {
                throw new NotSupportedException($"{entityType.Name}.{property.Name} has no column of its own; {nameof(SqliteRowInserter)} writes plain tables only.");
            }

            columns.Add(new Column(name, (RelationalTypeMapping)property.GetTypeMapping(), property.GetGetter(), property.IsNullable));
        }

        _table = table.Name;
        _columns = [.. columns];
        _columnList = string.Join(", ", _columns.Select(c => "\"" + c.Name + "\""));
    }

    /// <summary>
    /// Inserts <paramref name="rows"/> inside <paramref name="db"/>'s current transaction, many rows per statement.
    /// Statements go through EF's command pipeline, so interceptors and logging see them as they see SaveChanges.
    /// </summary>
    public async Task InsertAsync<T>(DbContext db, IEnumerable<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        var rowsPerStatement = Math.Max(1, MaxParameters / _columns.Length);
        await using var factory = db.Database.GetDbConnection().CreateCommand();
        var parameters = new List<object>(rowsPerStatement * _columns.Length);
        var sql = new StringBuilder();
        var count = 0;
        foreach (var row in rows)
        {
            sql.Append(count == 0 ? "INSERT INTO \"" + _table + "\" (" + _columnList + ") VALUES (" : ", (");
            for (var i = 0; i < _columns.Length; i++)
            {
                var column = _columns[i];
                var name = "@p" + parameters.Count.ToString(CultureInfo.InvariantCulture);
                sql.Append(i == 0 ? "" : ", ").Append(name);
                parameters.Add(column.Mapping.CreateParameter(factory, name, column.Getter.GetClrValueUsingContainingEntity(row), column.Nullable));
            }

            sql.Append(')');
            if (++count == rowsPerStatement)
            {
                await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, cancellationToken).ConfigureAwait(false);
                sql.Clear();
                parameters.Clear();
                count = 0;
            }
        }

        if (count > 0)
        {
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed record Column(string Name, RelationalTypeMapping Mapping, IClrPropertyGetter Getter, bool Nullable);
}
