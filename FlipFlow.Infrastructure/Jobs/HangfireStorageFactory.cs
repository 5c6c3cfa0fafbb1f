using FlipFlow.Infrastructure.Database;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;
using Hangfire.Storage.SQLite;
using Microsoft.Data.SqlClient;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>
/// The engine's storage for the configured database provider: on SQLite a file of its own in the data folder
/// (<see cref="SqliteFileName"/>), so the engine's writes never wait on FlipFlow's; on PostgreSQL and SQL Server
/// the schema <see cref="Schema"/> in FlipFlow's database, shared by every process on it.
/// </summary>
public static class HangfireStorageFactory
{
    public const string SqliteFileName = "hangfire.db";

    public const string Schema = "hangfire";

    /// <summary>How often an idle worker looks for a job on SQLite and PostgreSQL (their default is 15 s).</summary>
    public static readonly TimeSpan QueuePollInterval = TimeSpan.FromSeconds(1);

    public static JobStorage Create(DatabaseSettings database, JobsOptions jobs)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            // The storage opens its file at once, possibly before anything else has made a fresh data folder.
            Directory.CreateDirectory(database.DataFolder);
        }
        JobStorage storage = database.Provider switch
        {
            DatabaseProvider.Sqlite => new SQLiteStorage(SqliteConnections(Path.Combine(database.DataFolder, SqliteFileName)), SqliteOptions(jobs)),
            DatabaseProvider.PostgreSql => new PostgreSqlStorage(
                new NpgsqlConnectionFactory(database.ConnectionString, PostgreSqlOptions(jobs)), PostgreSqlOptions(jobs)),
            _ => new SqlServerStorage(() => new SqlConnection(database.ConnectionString), SqlServerOptions(jobs)),
        };
        // The engine keeps a finished job as long as the run history keeps a successful run.
        storage.JobExpirationTimeout = TimeSpan.FromDays(jobs.KeepSucceededDays);
        return storage;
    }

    /// <summary>
    /// The storage's own connections (its flags, ticks for times, a 10 s busy timeout), with synchronous=NORMAL, as
    /// FlipFlow's database has: SQLite's advice for WAL, where a commit survives a killed process and only a power cut
    /// may lose the last few. Its default (FULL) waits for the disk at every commit, and a job makes several.
    /// </summary>
    public static SQLiteDbConnectionFactory SqliteConnections(string path) => new(() =>
    {
        var connection = new SQLite.SQLiteConnection(path, SQLite.SQLiteOpenFlags.ReadWrite | SQLite.SQLiteOpenFlags.Create | SQLite.SQLiteOpenFlags.NoMutex,
            storeDateTimeAsTicks: true)
        {
            BusyTimeout = TimeSpan.FromSeconds(10),
        };
        connection.Execute("PRAGMA synchronous = NORMAL");
        return connection;
    });

    /// <summary>
    /// This storage cannot renew a fetched job's invisibility while it runs; FlipFlow does that itself (one
    /// job-running process per SQLite data folder) and hands back, at start, what a dead process had fetched.
    /// </summary>
    public static SQLiteStorageOptions SqliteOptions(JobsOptions jobs) => new()
    {
        QueuePollInterval = QueuePollInterval,
        InvisibilityTimeout = jobs.InvisibilityTimeout,
    };

    /// <summary>A live process renews its jobs' invisibility every fifth of the timeout; a dead one's are taken up after it.</summary>
    public static PostgreSqlStorageOptions PostgreSqlOptions(JobsOptions jobs) => new()
    {
        SchemaName = Schema,
        PrepareSchemaIfNecessary = true,
        QueuePollInterval = QueuePollInterval,
        InvisibilityTimeout = jobs.InvisibilityTimeout,
        UseSlidingInvisibilityTimeout = true,
        // A lock left by a process killed while holding it is taken over after this long rather than 10 minutes;
        // FlipFlow holds its locks for moments (a run's no-overlap check), and Hangfire's own for one pass of a process.
        DistributedLockTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Hangfire's recommended settings for SQL Server with 1.8's schema.</summary>
    public static SqlServerStorageOptions SqlServerOptions(JobsOptions jobs) => new()
    {
        SchemaName = Schema,
        PrepareSchemaIfNecessary = true,
        SlidingInvisibilityTimeout = jobs.InvisibilityTimeout,
        QueuePollInterval = TimeSpan.Zero,
        UseRecommendedIsolationLevel = true,
        DisableGlobalLocks = true,
        CommandBatchMaxTimeout = TimeSpan.FromMinutes(5),
    };
}
