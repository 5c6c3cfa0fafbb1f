using Microsoft.Data.Sqlite;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>
/// On SQLite, hands back at start what a process that is gone had taken from the queue, so it runs again within a
/// second rather than after the invisibility timeout, and drops the locks it held (a job that does not overlap
/// would otherwise be skipped until they expire). Runs once the scheduler lock is held and before the job servers
/// start: then no live process runs jobs on the file.
/// </summary>
public static class SqliteQueueRecovery
{
    /// <returns>How many queue entries were handed back.</returns>
    public static int Run(string filePath)
    {
        if (!File.Exists(filePath))
        {
            return 0;
        }
        using var connection = Open(filePath);
        using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'JobQueue'";
        if (Convert.ToInt64(exists.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return 0;
        }
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE JobQueue SET FetchedAt = 0 WHERE FetchedAt > 0";
        var handedBack = command.ExecuteNonQuery();
        using var locks = connection.CreateCommand();
        locks.CommandText = "DELETE FROM DistributedLock WHERE Resource LIKE '%flipflow:job:%'";
        locks.ExecuteNonQuery();
        return handedBack;
    }

    /// <summary>A connection to the engine's SQLite file that waits for the storage's own writes rather than failing.</summary>
    internal static SqliteConnection Open(string filePath)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = filePath, DefaultTimeout = 30, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }
}
