using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FlipFlow.Infrastructure.Database;

/// <summary>
/// Sets up each SQLite connection FlipFlow opens. busy_timeout lets SQLite itself wait for a busy writer in
/// short steps (Microsoft.Data.Sqlite would otherwise retry every 150 ms, which serialises concurrent writers
/// badly). synchronous=NORMAL is SQLite's advice for WAL mode: a commit survives a crashed or killed process,
/// and only a power cut may lose the last few. SQLite's own lower() folds only A-Z; FlipFlow's replaces it so a search
/// in any letters' case finds "Élan" as PostgreSQL and SQL Server do.
/// </summary>
internal sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    public static SqliteConnectionSetup Instance { get; } = new();

    /// <summary>SQLite's own page cache size (2 MB) on every open, taking back what a bulk writer enlarged it to.</summary>
    private const string Pragmas = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -2000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        AddFunctions(connection);
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        AddFunctions(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddFunctions(DbConnection connection) =>
        ((SqliteConnection)connection).CreateFunction("lower", (string? text) => text?.ToLowerInvariant(), isDeterministic: true);
}
