using System.Data.Common;
using FlipFlow.Domain.Orchestration;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace FlipFlow.Infrastructure.Orchestration;

/// <summary>
/// Inserts a new batch's tasks in the caller's transaction, many rows per prepared statement: a batch of
/// thousands of jobs has tens of thousands of tasks, which change tracking would make slow and heavy.
/// </summary>
internal static class TaskBulkWriter
{
    /// <summary>
    /// Rows per statement. Microsoft.Data.Sqlite finds each parameter by name in a list that grows with the
    /// statement, so binding costs the square of its size: a few hundred parameters a statement is the sweet spot.
    /// </summary>
    private const int RowsPerStatement = 25;

    private static readonly string[] Columns =
    [
        nameof(MarketplaceTask.JobId), nameof(MarketplaceTask.Order), nameof(MarketplaceTask.Step), nameof(MarketplaceTask.Name),
        nameof(MarketplaceTask.Argument), nameof(MarketplaceTask.Status), nameof(MarketplaceTask.IdempotencyKey), nameof(MarketplaceTask.Attempts),
    ];

    public static async Task InsertAsync(FlipFlowDbContext db, IReadOnlyList<MarketplaceTask> tasks, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Tasks are inserted inside the batch's transaction.");
        var connection = transaction.Connection!;
        var sql = db.GetService<ISqlGenerationHelper>();
        var entity = db.Model.FindEntityType(typeof(MarketplaceTask))!;
        var table = sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
        var columns = string.Join(", ", Columns.Select(column => sql.DelimitIdentifier(entity.FindProperty(column)!.GetColumnName())));
        DbCommand? full = null;
        try
        {
            for (var start = 0; start < tasks.Count; start += RowsPerStatement)
            {
                var rows = Math.Min(RowsPerStatement, tasks.Count - start);
                var command = rows == RowsPerStatement ? full ??= Prepare(connection, transaction, table, columns, rows) : Prepare(connection, transaction, table, columns, rows);
                for (var row = 0; row < rows; row++)
                {
                    var task = tasks[start + row];
                    var offset = row * Columns.Length;
                    command.Parameters[offset].Value = task.JobId;
                    command.Parameters[offset + 1].Value = task.Order;
                    command.Parameters[offset + 2].Value = task.Step.ToString();
                    command.Parameters[offset + 3].Value = task.Name;
                    command.Parameters[offset + 4].Value = (object?)task.Argument ?? DBNull.Value;
                    command.Parameters[offset + 5].Value = task.Status.ToString();
                    command.Parameters[offset + 6].Value = task.IdempotencyKey;
                    command.Parameters[offset + 7].Value = task.Attempts;
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

    private static DbCommand Prepare(DbConnection connection, DbTransaction transaction, string table, string columns, int rows)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var values = new List<string>(rows);
        for (var row = 0; row < rows; row++)
        {
            var names = new string[Columns.Length];
            for (var column = 0; column < Columns.Length; column++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = $"@p{row * Columns.Length + column}";
                command.Parameters.Add(parameter);
                names[column] = parameter.ParameterName;
            }
            values.Add($"({string.Join(", ", names)})");
        }
        command.CommandText = $"INSERT INTO {table} ({columns}) VALUES {string.Join(", ", values)}";
        return command;
    }
}
