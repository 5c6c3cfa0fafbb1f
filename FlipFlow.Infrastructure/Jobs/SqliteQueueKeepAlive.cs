using System.Globalization;
using FlipFlow.Infrastructure.Database;
using Hangfire.Server;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>
/// On SQLite, keeps a running job hidden from the queue while it runs. Hangfire.Storage.SQLite hands a fetched job
/// out again once its <c>FetchedAt</c> is older than the invisibility timeout, however alive the worker running it
/// is; so this renews the queue entries of the jobs running here: once as each starts, then every fifth of the
/// timeout. The renewals run on a thread of their own while any job runs, so a busy thread pool cannot delay them
/// past the timeout. Only one process runs jobs on a SQLite data folder (<see cref="SchedulerLock"/>), so nothing
/// else writes those rows meanwhile.
/// </summary>
/// <remarks>The storage keeps <c>JobQueue.FetchedAt</c> as .NET ticks (UTC), 0 when not fetched; a test guards that.</remarks>
public sealed class SqliteQueueKeepAlive(DatabaseSettings database, IOptions<JobsOptions> options, ILogger<SqliteQueueKeepAlive> logger) : IServerFilter
{
    private readonly Lock gate = new();
    private readonly HashSet<int> running = [];
    private bool renewing;

    public string FilePath => Path.Combine(database.DataFolder, HangfireStorageFactory.SqliteFileName);

    public void OnPerforming(PerformingContext context)
    {
        if (!int.TryParse(context.BackgroundJob.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var jobId))
        {
            return;
        }
        lock (gate)
        {
            Renew([jobId]);
            running.Add(jobId);
            if (!renewing)
            {
                renewing = true;
                new Thread(RenewWhileRunning) { IsBackground = true, Name = "FlipFlow queue keep-alive" }.Start();
            }
        }
    }

    /// <remarks>Takes the gate a renewal holds, so none lands after the worker removed the job from the queue.</remarks>
    public void OnPerformed(PerformedContext context)
    {
        if (int.TryParse(context.BackgroundJob.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var jobId))
        {
            lock (gate)
            {
                running.Remove(jobId);
            }
        }
    }

    private void RenewWhileRunning()
    {
        var every = options.Value.InvisibilityTimeout / 5;
        while (true)
        {
            Thread.Sleep(every);
            lock (gate)
            {
                if (running.Count == 0)
                {
                    renewing = false;
                    return;
                }
                Renew(running);
            }
        }
    }

    private void Renew(IReadOnlyCollection<int> jobIds)
    {
        try
        {
            using var connection = SqliteQueueRecovery.Open(FilePath);
            using var command = connection.CreateCommand();
            command.CommandText = $"UPDATE JobQueue SET FetchedAt = $now WHERE FetchedAt > 0 AND JobId IN ({string.Join(',', jobIds)})";
            command.Parameters.AddWithValue("$now", DateTime.UtcNow.Ticks);
            command.ExecuteNonQuery();
        }
        catch (SqliteException exception)
        {
            logger.LogWarning(exception, "Could not renew the queue entries of running jobs {BackgroundJobIds}", string.Join(", ", jobIds));
        }
    }
}
