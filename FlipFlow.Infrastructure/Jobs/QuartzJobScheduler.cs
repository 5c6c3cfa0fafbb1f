using FlipFlow.Domain.Jobs;
using FlipFlow.Infrastructure.Database;
using Quartz;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary><see cref="IJobScheduler"/> on Quartz: every change goes through the shared store.</summary>
public sealed class QuartzJobScheduler(
    ISchedulerFactory schedulers,
    JobScheduleSync schedule,
    JobCatalog catalog,
    JobHistory history,
    DatabaseSettings database,
    JobNode thisNode,
    TimeProvider clock) : IJobScheduler
{
    /// <summary>Trigger data marking a schedule edited in the console: start-up then keeps it over appsettings.json.</summary>
    public const string EditedInConsoleKey = "flipflow.cron-edited";

    private async Task<IScheduler> SchedulerAsync(CancellationToken cancellationToken)
    {
        await schedule.EnsureAsync(cancellationToken);
        return await schedulers.GetScheduler(cancellationToken);
    }

    public static JobKey JobKeyOf(string jobId) => new(jobId, QuartzJobEngine.Group);

    public static TriggerKey ScheduleKeyOf(string jobId) => new(jobId, QuartzJobEngine.Group);

    public async Task<IReadOnlyList<JobStatus>> ListAsync(CancellationToken cancellationToken = default)
    {
        var scheduler = await SchedulerAsync(cancellationToken);
        var latest = await history.LatestByJobAsync(cancellationToken);
        var running = await history.RunningCountsAsync(cancellationToken);
        var statuses = new List<JobStatus>();
        foreach (var entry in catalog.Entries)
        {
            statuses.Add(await StatusOfAsync(scheduler, entry, latest.GetValueOrDefault(entry.Definition.Id), running.GetValueOrDefault(entry.Definition.Id), cancellationToken));
        }
        return statuses;
    }

    public async Task<JobStatus> GetAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var entry = catalog.Get(jobId);
        var latest = await history.LatestByJobAsync(cancellationToken);
        var running = await history.RunningCountsAsync(cancellationToken);
        return await StatusOfAsync(await SchedulerAsync(cancellationToken), entry, latest.GetValueOrDefault(entry.Definition.Id),
            running.GetValueOrDefault(entry.Definition.Id), cancellationToken);
    }

    private static async Task<JobStatus> StatusOfAsync(IScheduler scheduler, CatalogEntry entry, JobRun? last, int runningNow, CancellationToken cancellationToken)
    {
        var definition = entry.Definition;
        var trigger = await scheduler.GetTrigger(ScheduleKeyOf(definition.Id), cancellationToken);
        var paused = trigger is not null && await scheduler.GetTriggerState(trigger.Key, cancellationToken) == TriggerState.Paused;
        var cron = (trigger as ICronTrigger)?.CronExpressionString ?? entry.Cron;
        return new JobStatus(definition.Id, definition.Title, definition.Description, cron, CronDescription.Describe(cron),
            entry.Enabled, paused, definition.AllowOverlap, definition.Retry.MaxAttempts,
            paused ? null : trigger?.NextFireTimeUtc, trigger?.PreviousFireTimeUtc, last, runningNow);
    }

    public async Task<SchedulerStatus> StatusAsync(CancellationToken cancellationToken = default)
    {
        var scheduler = await SchedulerAsync(cancellationToken);
        var metadata = await scheduler.GetMetadata(cancellationToken);
        var state = await scheduler.GetStatus(cancellationToken) switch
        {
            Quartz.SchedulerStatus.Running => "Running",
            Quartz.SchedulerStatus.ShuttingDown or Quartz.SchedulerStatus.Shutdown => "Stopped",
            _ => "Standby",
        };
        IReadOnlyList<SchedulerNode> nodes = metadata.JobStoreClustered
            ? (await scheduler.QueryClusterNodes(cancellationToken))
                .Select(node => new SchedulerNode(node.InstanceId, node.LastCheckInUtc, node.State.ToString(), node.IsCurrentNode)).ToList()
            : [new SchedulerNode(await thisNode.NameAsync(cancellationToken), null, state, true)];
        var jobs = await ListAsync(cancellationToken);
        return new SchedulerStatus(state, await thisNode.NameAsync(cancellationToken), metadata.JobStoreClustered, nodes,
            jobs.Count(job => job.Enabled && !job.Paused), jobs.Count(job => job.Paused), await history.CountersAsync(cancellationToken));
    }

    public async Task PauseAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var entry = RequireScheduled(jobId);
        await (await SchedulerAsync(cancellationToken)).PauseJob(JobKeyOf(entry.Definition.Id), cancellationToken);
    }

    public async Task ResumeAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var entry = RequireScheduled(jobId);
        await (await SchedulerAsync(cancellationToken)).ResumeJob(JobKeyOf(entry.Definition.Id), cancellationToken);
    }

    public async Task PauseAllAsync(CancellationToken cancellationToken = default)
    {
        var scheduler = await SchedulerAsync(cancellationToken);
        await scheduler.PauseJobs(catalog.Entries.Select(entry => JobKeyOf(entry.Definition.Id)).ToList(), cancellationToken);
    }

    public async Task ResumeAllAsync(CancellationToken cancellationToken = default)
    {
        var scheduler = await SchedulerAsync(cancellationToken);
        await scheduler.ResumeJobs(catalog.Entries.Select(entry => JobKeyOf(entry.Definition.Id)).ToList(), cancellationToken);
    }

    public Task<Guid> TriggerAsync(string jobId, CancellationToken cancellationToken = default) =>
        TriggerNowAsync(jobId, SchedulerConstants.ManualTrigger, "true", cancellationToken);

    public Task<Guid> TriggerForBatchAsync(string jobId, long batchId, CancellationToken cancellationToken = default) =>
        TriggerNowAsync(jobId, CatalogJob.BatchIdKey, batchId.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);

    /// <param name="startedByKey">The job data that tells the run what started it: a person (manual) or a batch.</param>
    private async Task<Guid> TriggerNowAsync(string jobId, string startedByKey, string startedBy, CancellationToken cancellationToken)
    {
        var entry = catalog.Get(jobId);
        var runId = Guid.NewGuid();
        // A one-off trigger rather than TriggerJob, so a run started by hand is retried like a scheduled one.
        var trigger = TriggerBuilder.Create()
            .ForJob(JobKeyOf(entry.Definition.Id))
            .UsingJobData(startedByKey, startedBy)
            .UsingJobData(CatalogJob.RunIdKey, runId.ToString())
            .WithRetryPolicy(RetryOf(entry.Definition.Retry))
            .StartAt(clock.GetUtcNow())
            .Build();
        await (await SchedulerAsync(cancellationToken)).ScheduleJob(trigger, cancellationToken: cancellationToken);
        return runId;
    }

    public async Task<Guid> RetryAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        var run = await history.FindAsync(runId, cancellationToken) ?? throw new JobOperationException("That run no longer exists.");
        if (run.Outcome is not (JobOutcome.Failed or JobOutcome.Cancelled or JobOutcome.Interrupted))
        {
            throw new JobOperationException($"Only a failed, cancelled or interrupted run can be retried; this one is {run.Outcome}.");
        }
        var entry = catalog.Get(run.JobId);
        var attemptId = Guid.NewGuid();
        var trigger = TriggerBuilder.Create()
            .ForJob(JobKeyOf(entry.Definition.Id))
            .UsingJobData(CatalogJob.RetryOfKey, run.Id.ToString())
            .UsingJobData(CatalogJob.RunIdKey, attemptId.ToString())
            .WithRetryPolicy(Quartz.RetryPolicy.None)
            .StartAt(clock.GetUtcNow())
            .Build();
        await (await SchedulerAsync(cancellationToken)).ScheduleJob(trigger, cancellationToken: cancellationToken);
        return attemptId;
    }

    public async Task<bool> CancelAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        var run = await history.FindAsync(runId, cancellationToken);
        if (run is not { Outcome: JobOutcome.Running, FireInstanceId: { } fireInstanceId })
        {
            return false;
        }
        return await (await SchedulerAsync(cancellationToken)).InterruptFireInstance(fireInstanceId, cancellationToken);
    }

    public async Task<JobStatus> RescheduleAsync(string jobId, string cron, CancellationToken cancellationToken = default)
    {
        var entry = RequireScheduled(jobId);
        if (CronSchedule.Validate(cron) is { } problem)
        {
            throw new JobOperationException(problem);
        }
        var scheduler = await SchedulerAsync(cancellationToken);
        var paused = await scheduler.GetTriggerState(ScheduleKeyOf(entry.Definition.Id), cancellationToken) == TriggerState.Paused;
        // Replacing keeps a paused job paused; RescheduleJob would resume it.
        await scheduler.ScheduleJob(ScheduleTrigger(entry, cron.Trim(), editedInConsole: true),
            new ScheduleJobOptions { Replace = true, Paused = paused }, cancellationToken);
        return await GetAsync(entry.Definition.Id, cancellationToken);
    }

    public async Task<bool> IsRunningElsewhereAsync(CancellationToken cancellationToken = default)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            return SchedulerLock.IsHeldElsewhere(database.DataFolder);
        }
        var scheduler = await SchedulerAsync(cancellationToken);
        return (await scheduler.QueryClusterNodes(cancellationToken)).Any(node => node.State == ClusterNodeState.Alive && !node.IsCurrentNode);
    }

    /// <summary>The trigger that runs an entry on its schedule: UTC, no catch-up storm after a pause, the entry's retries.</summary>
    internal static ITrigger ScheduleTrigger(CatalogEntry entry, string cron, bool editedInConsole)
    {
        var builder = TriggerBuilder.Create()
            .WithIdentity(ScheduleKeyOf(entry.Definition.Id))
            .ForJob(JobKeyOf(entry.Definition.Id))
            // Fires missed by more than Quartz's misfire threshold (a minute), during a pause or while stopped,
            // are skipped rather than run all at once on resume.
            .WithCronSchedule(cron, schedule => schedule.InTimeZone(TimeZoneInfo.Utc).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing))
            .WithRetryPolicy(RetryOf(entry.Definition.Retry));
        if (editedInConsole)
        {
            builder = builder.UsingJobData(EditedInConsoleKey, "true");
        }
        return builder.Build();
    }

    internal static Quartz.RetryPolicy RetryOf(Domain.Jobs.RetryPolicy retry) =>
        retry.MaxAttempts <= 1
            ? Quartz.RetryPolicy.None
            : Quartz.RetryPolicy.Exponential(retry.MaxAttempts - 1, retry.InitialDelay, 2, retry.MaxDelay, jitter: 0.2);

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
