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
/// is; so while a job runs, this renews its queue entry every fifth of the timeout. Only one process runs jobs on a
/// SQLite data folder (<see cref="SchedulerLock"/>), so nothing else writes those rows meanwhile.
/// </summary>
/// <remarks>The storage keeps <c>JobQueue.FetchedAt</c> as .NET ticks (UTC), 0 when not fetched; a test guards that.</remarks>
public sealed class SqliteQueueKeepAlive(DatabaseSettings database, IOptions<JobsOptions> options, ILogger<SqliteQueueKeepAlive> logger) : IServerFilter
{
    private const string TimerItem = "flipflow.queue-keep-alive";

    public string FilePath => Path.Combine(database.DataFolder, HangfireStorageFactory.SqliteFileName);

    public void OnPerforming(PerformingContext context)
    {
        if (!int.TryParse(context.BackgroundJob.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var jobId))
        {
            return;
        }
        var every = options.Value.InvisibilityTimeout / 5;
        context.Items[TimerItem] = new Timer(_ => Renew(jobId), null, every, every);
    }

    public void OnPerformed(PerformedContext context)
    {
        if (context.Items.TryGetValue(TimerItem, out var item) && item is Timer timer)
        {
            context.Items.Remove(TimerItem);
            using var stopped = new ManualResetEvent(false);
            // Waits for a renewal under way, so none lands after the worker removed the job from the queue.
            if (timer.Dispose(stopped))
            {
                stopped.WaitOne();
            }
        }
    }

    private void Renew(int jobId)
    {
        try
        {
            using var connection = SqliteQueueRecovery.Open(FilePath);
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE JobQueue SET FetchedAt = $now WHERE JobId = $job AND FetchedAt > 0";
            command.Parameters.AddWithValue("$now", DateTime.UtcNow.Ticks);
            command.Parameters.AddWithValue("$job", jobId);
            command.ExecuteNonQuery();
        }
        catch (SqliteException exception)
        {
            logger.LogWarning(exception, "Could not renew the queue entry of running job {BackgroundJobId}", jobId);
        }
    }
}
