using System.Globalization;
using FlipFlow.Domain.Jobs;
using FlipFlow.Infrastructure.Database;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>
/// <see cref="IJobScheduler"/> on Hangfire. Pause, resume and schedule edits are written to JobSchedules (the
/// truth) and then to the recurring job, so they work from the CLI with no server running and reach every job
/// server on the database at its next poll (1 s), or its 5 s sync at the latest. Runs are Hangfire jobs on queue
/// <c>jobs</c>; their parameters tell <see cref="JobRunRecorder"/> what started them.
/// </summary>
public sealed class HangfireJobScheduler(
    JobStorage storage,
    IBackgroundJobClientV2 client,
    JobScheduleSync schedule,
    JobCatalog catalog,
    JobHistory history,
    JobServers servers,
    JobNode thisNode,
    DatabaseSettings database,
    IDbContextFactory<FlipFlowDbContext> contexts,
    TimeProvider clock) : IJobScheduler
{

    public async Task<IReadOnlyList<JobStatus>> ListAsync(CancellationToken cancellationToken = default)
    {
        await schedule.EnsureAsync(cancellationToken);
        var rows = await schedule.RowsAsync(cancellationToken);
        var latest = await history.LatestByJobAsync(cancellationToken);
        var running = await history.RunningCountsAsync(cancellationToken);
        var recurring = Recurring();
        return catalog.Entries.Select(entry => StatusOf(entry, rows.GetValueOrDefault(entry.Definition.Id), recurring.GetValueOrDefault(entry.Definition.Id),
            latest.GetValueOrDefault(entry.Definition.Id), running.GetValueOrDefault(entry.Definition.Id))).ToList();
    }

    public async Task<JobStatus> GetAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var entry = catalog.Get(jobId);
        return (await ListAsync(cancellationToken)).Single(status => status.Id == entry.Definition.Id);
    }

    private Dictionary<string, Hangfire.Storage.RecurringJobDto> Recurring()
    {
        using var connection = storage.GetConnection();
        return Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection, catalog.Entries.Select(entry => entry.Definition.Id).ToArray())
            .Where(job => !job.Removed)
            .ToDictionary(job => job.Id, StringComparer.OrdinalIgnoreCase);
    }

    private static JobStatus StatusOf(CatalogEntry entry, JobSchedule? row, Hangfire.Storage.RecurringJobDto? recurring, JobRun? last, int runningNow)
    {
        var definition = entry.Definition;
        var paused = entry.Enabled && row is { Paused: true };
        var cron = JobScheduleSync.EffectiveCron(entry, row);
        var scheduled = entry.Enabled && !paused;
        return new JobStatus(definition.Id, definition.Title, definition.Description, cron, CronDescription.Describe(cron),
            entry.Enabled, paused, definition.AllowOverlap, definition.Retry.MaxAttempts,
            scheduled ? Utc(recurring?.NextExecution) : null, Utc(recurring?.LastExecution), last, runningNow);
    }

    private static DateTimeOffset? Utc(DateTime? time) => time is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)) : null;

    public async Task<SchedulerStatus> StatusAsync(CancellationToken cancellationToken = default)
    {
        var jobs = await ListAsync(cancellationToken);
        var clustered = database.Provider != DatabaseProvider.Sqlite;
        IReadOnlyList<SchedulerNode> nodes = clustered
            ? storage.GetMonitoringApi().Servers()
                .GroupBy(server => JobNode.NodeOf(server.Name))
                .Select(node =>
                {
                    var heartbeat = node.Max(server => server.Heartbeat ?? server.StartedAt);
                    var alive = heartbeat >= DateTime.UtcNow - JobNode.ServerTimeout;
                    return new SchedulerNode(node.Key, Utc(heartbeat), alive ? "Alive" : "Gone", node.Key == thisNode.Name);
                })
                .ToList()
            : [new SchedulerNode(thisNode.Name, null, servers.State, true)];
        return new SchedulerStatus(servers.State, thisNode.Name, clustered, nodes,
            jobs.Count(job => job.Enabled && !job.Paused), jobs.Count(job => job.Paused), await history.CountersAsync(cancellationToken));
    }

    public Task PauseAsync(string jobId, CancellationToken cancellationToken = default) => SetPausedAsync([RequireScheduled(jobId)], true, cancellationToken);

    public Task ResumeAsync(string jobId, CancellationToken cancellationToken = default) => SetPausedAsync([RequireScheduled(jobId)], false, cancellationToken);

    public Task PauseAllAsync(CancellationToken cancellationToken = default) =>
        SetPausedAsync(catalog.Entries.Where(entry => entry.Enabled).ToList(), true, cancellationToken);

    public Task ResumeAllAsync(CancellationToken cancellationToken = default) =>
        SetPausedAsync(catalog.Entries.Where(entry => entry.Enabled).ToList(), false, cancellationToken);

    private async Task SetPausedAsync(IReadOnlyList<CatalogEntry> entries, bool paused, CancellationToken cancellationToken)
    {
        var rows = await UpdateRowsAsync(entries, row =>
        {
            if (row.Paused != paused)
            {
                row.Paused = paused;
                row.PausedAt = paused ? clock.GetUtcNow() : null;
            }
        }, cancellationToken);
        foreach (var entry in entries)
        {
            schedule.Apply(entry, rows[entry.Definition.Id]);
        }
    }

    /// <summary>Creates or changes the JobSchedules rows of <paramref name="entries"/> in one commit.</summary>
    private async Task<Dictionary<string, JobSchedule>> UpdateRowsAsync(IReadOnlyList<CatalogEntry> entries, Action<JobSchedule> change,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = entries.Select(entry => entry.Definition.Id).ToList();
        var rows = await db.JobSchedules.Where(row => ids.Contains(row.JobId)).ToDictionaryAsync(row => row.JobId, cancellationToken);
        foreach (var id in ids)
        {
            if (!rows.TryGetValue(id, out var row))
            {
                row = new JobSchedule { JobId = id };
                db.JobSchedules.Add(row);
                rows[id] = row;
            }
            change(row);
        }
        await db.SaveChangesAsync(cancellationToken);
        return rows;
    }

    public Task<Guid> TriggerAsync(string jobId, CancellationToken cancellationToken = default) =>
        EnqueueAsync(catalog.Get(jobId), retry: false, new Dictionary<string, object> { [JobRunRecorder.TriggerKey] = JobRunRecorder.ManualTrigger });

    public Task<Guid> TriggerForBatchAsync(string jobId, long batchId, CancellationToken cancellationToken = default) =>
        EnqueueAsync(catalog.Get(jobId), retry: false,
            new Dictionary<string, object> { [JobRunRecorder.BatchIdKey] = batchId.ToString(CultureInfo.InvariantCulture) });

    public async Task<Guid> RetryAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        var run = await history.FindAsync(runId, cancellationToken) ?? throw new JobOperationException("That run no longer exists.");
        if (run.Outcome is not (JobOutcome.Failed or JobOutcome.Cancelled or JobOutcome.Interrupted))
        {
            throw new JobOperationException($"Only a failed, cancelled or interrupted run can be retried; this one is {run.Outcome}.");
        }
        return await EnqueueAsync(catalog.Get(run.JobId), retry: true,
            new Dictionary<string, object> { [JobRunRecorder.ChainIdKey] = run.ChainId.ToString() });
    }

    private Task<Guid> EnqueueAsync(CatalogEntry entry, bool retry, Dictionary<string, object> parameters)
    {
        var runId = Guid.NewGuid();
        parameters[JobRunRecorder.RunIdKey] = runId.ToString();
        client.Create(retry ? CatalogJobRunner.Retry(entry) : CatalogJobRunner.Run(entry), new EnqueuedState(JobQueues.Catalogue), parameters);
        return Task.FromResult(runId);
    }

    public async Task<bool> CancelAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        var run = await history.FindAsync(runId, cancellationToken);
        if (run is not { Outcome: JobOutcome.Running, FireInstanceId: { } backgroundJobId })
        {
            return false;
        }
        // Deleting the processing job makes its server fire the run's token within a second.
        return client.ChangeState(backgroundJobId, new DeletedState { Reason = "Cancelled in FlipFlow's jobs console" }, ProcessingState.StateName);
    }

    public async Task<JobStatus> RescheduleAsync(string jobId, string cron, CancellationToken cancellationToken = default)
    {
        var entry = RequireScheduled(jobId);
        if (CronSchedule.Validate(cron) is { } problem)
        {
            throw new JobOperationException(problem);
        }
        var rows = await UpdateRowsAsync([entry], row =>
        {
            row.Cron = cron.Trim();
            row.EditedAt = clock.GetUtcNow();
        }, cancellationToken);
        schedule.Apply(entry, rows[entry.Definition.Id]);
        return await GetAsync(entry.Definition.Id, cancellationToken);
    }

    public async Task<bool> IsRunningElsewhereAsync(CancellationToken cancellationToken = default)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            return !servers.IsStarted && SchedulerLock.IsHeldElsewhere(database.DataFolder);
        }
        var alive = await thisNode.AliveAsync(cancellationToken) ?? [];
        return alive.Any(node => node != thisNode.Name);
    }

    private CatalogEntry RequireScheduled(string jobId)
    {
        var entry = catalog.Get(jobId);
        if (!entry.Enabled)
        {
            throw new JobOperationException($"{entry.Definition.Id} is switched off (Jobs:{entry.Definition.Id}:Enabled is false); it has no schedule.");
        }
        return entry;
    }
}
