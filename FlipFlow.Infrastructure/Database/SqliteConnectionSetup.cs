using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FlipFlow.Infrastructure.Database;

/// <summary>
/// Sets up each SQLite connection FlipFlow opens. busy_timeout lets SQLite itself wait for a busy writer in
/// short steps (Microsoft.Data.Sqlite would otherwise retry every 150 ms, which serialises concurrent writers
/// badly). synchronous=NORMAL is SQLite's advice for WAL mode: a commit survives a crashed or killed process,
/// and only a power cut may lose the last few.
/// </summary>
internal sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    public static SqliteConnectionSetup Instance { get; } = new();

    private const string Pragmas = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
