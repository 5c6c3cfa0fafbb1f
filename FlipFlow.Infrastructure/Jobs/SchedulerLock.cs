using FlipFlow.Infrastructure.Database;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>
/// On SQLite one process runs jobs; it holds this lock file in the data folder while it does, so the CLI
/// can tell whether a server is running them and a second server refuses to start a second scheduler.
/// </summary>
public sealed class SchedulerLock : IDisposable
{
    public const string FileName = "scheduler.lock";
    private readonly FileStream stream;

    private SchedulerLock(FileStream stream) => this.stream = stream;

    /// <summary>
    /// The lock a process must hold to run jobs on this database: on SQLite it is taken (or who holds it is
    /// explained); server databases need none, their processes forming a cluster.
    /// </summary>
    public static SchedulerLock? AcquireFor(DatabaseSettings database) =>
        database.Provider == DatabaseProvider.Sqlite ? Acquire(database.DataFolder) : null;

    /// <summary>Takes the lock, or explains who holds it.</summary>
    public static SchedulerLock Acquire(string dataFolder)
    {
        Directory.CreateDirectory(dataFolder);
        try
        {
            return new SchedulerLock(Open(dataFolder));
        }
        catch (IOException)
        {
            throw new InvalidOperationException(
                $"Another FlipFlow process runs jobs on the SQLite database in {dataFolder}. SQLite takes one; use PostgreSQL or SQL Server to run several.");
        }
    }

    public static bool IsHeldElsewhere(string dataFolder)
    {
        if (!File.Exists(Path.Combine(dataFolder, FileName)))
        {
            return false;
        }
        try
        {
            using var probe = Open(dataFolder);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    private static FileStream Open(string dataFolder) =>
        new(Path.Combine(dataFolder, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

    public void Dispose() => stream.Dispose();
}
