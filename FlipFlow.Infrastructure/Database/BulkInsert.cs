using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace FlipFlow.Infrastructure.Database;

/// <summary>
/// Inserts many rows of one entity in the caller's transaction, many rows per prepared statement, with each
/// value converted as the model says (enums to text, SQLite's DateTimeOffset to ticks): for the bulk paths
/// (a batch's tasks, seeded history), where change tracking would be slow and heavy.
/// </summary>
internal static class BulkInsert
{
    /// <summary>
    /// Rows per statement, at most. Microsoft.Data.Sqlite finds each parameter by name in a list that grows with
    /// the statement, so binding costs the square of its size: about 200 parameters a statement is the sweet spot,
    /// and well under every provider's limit (SQL Server's 2,100).
    /// </summary>
    private const int ParametersPerStatement = 200;

    /// <param name="properties">The entity's properties to write, in the order <paramref name="values"/> gives them.</param>
    public static Task InsertAsync<TEntity>(FlipFlowDbContext db, IReadOnlyList<string> properties, IReadOnlyList<TEntity> rows,
        Func<TEntity, object?[]> values, CancellationToken cancellationToken) =>
        InsertAsync<TEntity, TEntity>(db, properties, rows, values, cancellationToken);

    /// <summary>Rows of <typeparamref name="TEntity"/>'s table made from rows of another shape (an entity and the id it belongs to).</summary>
    public static async Task InsertAsync<TEntity, TRow>(FlipFlowDbContext db, IReadOnlyList<string> properties, IReadOnlyList<TRow> rows,
        Func<TRow, object?[]> values, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Bulk inserts run inside the caller's transaction.");
        var entity = db.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not in the model.");
        var sql = db.GetService<ISqlGenerationHelper>();
        var mapped = properties.Select(name => entity.FindProperty(name)
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name} has no property {name}.")).ToList();
        var converters = mapped.Select(property => property.GetTypeMapping().Converter).ToList();
        var table = sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
        var columns = string.Join(", ", mapped.Select(property => sql.DelimitIdentifier(property.GetColumnName())));
        var rowsPerStatement = Math.Max(1, ParametersPerStatement / mapped.Count);
        DbCommand? full = null;
        try
        {
            for (var start = 0; start < rows.Count; start += rowsPerStatement)
            {
                var count = Math.Min(rowsPerStatement, rows.Count - start);
                var command = count == rowsPerStatement
                    ? full ??= Prepare(transaction, table, columns, mapped.Count, count)
                    : Prepare(transaction, table, columns, mapped.Count, count);
                for (var row = 0; row < count; row++)
                {
                    var given = values(rows[start + row]);
                    for (var column = 0; column < mapped.Count; column++)
                    {
                        var value = given[column];
                        command.Parameters[row * mapped.Count + column].Value =
                            value is null ? DBNull.Value : converters[column]?.ConvertToProvider(value) ?? value;
                    }
                }
                await command.ExecuteNonQueryAsync(cancellationToken);
                if (command != full)
                {
                    await command.DisposeAsync();
                }
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync();
            }
        }
    }

    private static DbCommand Prepare(DbTransaction transaction, string table, string columns, int columnCount, int rows)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        var tuples = new List<string>(rows);
        for (var row = 0; row < rows; row++)
        {
            var names = new string[columnCount];
            for (var column = 0; column < columnCount; column++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = $"@p{row * columnCount + column}";
                command.Parameters.Add(parameter);
                names[column] = parameter.ParameterName;
            }
            tuples.Add($"({string.Join(", ", names)})");
        }
        command.CommandText = $"INSERT INTO {table} ({columns}) VALUES {string.Join(", ", tuples)}";
        return command;
    }
}
