using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FlipFlow.Infrastructure.Database;

/// <summary>What one maintenance pass did, in words and in counts (pages checkpointed on SQLite).</summary>
public sealed record MaintenanceReport(DatabaseProvider Provider, string Done, long WalPagesCheckpointed, long WalPagesRemaining);

/// <summary>
/// Keeps the database in shape. SQLite: lets SQLite refresh its query planner statistics, then moves the
/// write-ahead log into the database file and truncates it (a busy database keeps what readers still need).
/// PostgreSQL: ANALYZE refreshes the planner's statistics (autovacuum does the rest). SQL Server: updates
/// statistics. Safe to run at any time and as often as wanted.
/// </summary>
public sealed class DatabaseMaintenance(IDbContextFactory<FlipFlowDbContext> contexts, DatabaseSettings settings, ILogger<DatabaseMaintenance> logger)
{
    public async Task<MaintenanceReport> RunAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var report = settings.Provider switch
        {
            DatabaseProvider.Sqlite => await SqliteAsync(db, cancellationToken),
            DatabaseProvider.PostgreSql => await StatementAsync(db, "ANALYZE;", "ANALYZE refreshed the planner statistics", cancellationToken),
            _ => await StatementAsync(db, "EXEC sp_updatestats;", "sp_updatestats refreshed the statistics", cancellationToken),
        };
        logger.LogInformation("Database maintenance on {Provider}: {Done}", report.Provider, report.Done);
        return report;
    }

    private async Task<MaintenanceReport> SqliteAsync(FlipFlowDbContext db, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        // Optimize first: refreshing statistics writes to the log, which the checkpoint then moves.
        await using (var optimize = connection.CreateCommand())
        {
            optimize.CommandText = "PRAGMA optimize;";
            await optimize.ExecuteNonQueryAsync(cancellationToken);
        }
        // FULL reports how many log pages there were and how many it moved; TRUNCATE then empties the file
        // (it reports zeros, the log being reset).
        var (logPages, checkpointed) = await CheckpointAsync(connection, "FULL", cancellationToken);
        await CheckpointAsync(connection, "TRUNCATE", cancellationToken);
        var remaining = logPages - checkpointed;
        return new MaintenanceReport(settings.Provider,
            $"checkpointed {checkpointed} write-ahead log pages ({remaining} still in use by readers) and ran PRAGMA optimize",
            checkpointed, remaining);
    }

    /// <returns>Pages in the log and pages moved into the database.</returns>
    private static async Task<(long Log, long Checkpointed)> CheckpointAsync(System.Data.Common.DbConnection connection, string mode, CancellationToken cancellationToken)
    {
        await using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = $"PRAGMA wal_checkpoint({mode});";
        await using var reader = await checkpoint.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        // One row: busy (0 or 1), pages in the log, pages moved; -1 when the database is not in WAL mode.
        return (Math.Max(0, reader.GetInt64(1)), Math.Max(0, reader.GetInt64(2)));
    }

    private async Task<MaintenanceReport> StatementAsync(FlipFlowDbContext db, string sql, string done, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
        return new MaintenanceReport(settings.Provider, done, 0, 0);
    }
}
