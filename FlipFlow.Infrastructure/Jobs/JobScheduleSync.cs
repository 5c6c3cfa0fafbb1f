using Microsoft.Extensions.Logging;
using Quartz;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>
/// Brings the jobs and schedules stored in the database in line with the catalogue, once per process before
/// its first use: every entry stored as a durable job, enabled ones with their schedule trigger, a changed
/// schedule from appsettings.json applied, a switched-off job's schedule removed. A pause is kept, and so is a
/// schedule edited in the console. Safe in several processes at once.
/// </summary>
public sealed class JobScheduleSync(ISchedulerFactory schedulers, JobCatalog catalog, ILogger<JobScheduleSync> logger)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private bool done;

    public async Task EnsureAsync(CancellationToken cancellationToken = default)
    {
        if (done)
        {
            return;
        }
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!done)
            {
                await SyncAsync(await schedulers.GetScheduler(cancellationToken), cancellationToken);
                done = true;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task SyncAsync(IScheduler scheduler, CancellationToken cancellationToken)
    {
        foreach (var entry in catalog.Entries)
        {
            var definition = entry.Definition;
            var job = JobBuilder.Create<CatalogJob>()
                .WithIdentity(QuartzJobScheduler.JobKeyOf(definition.Id))
                .WithDescription(definition.Title)
                .StoreDurably()
                .RequestRecovery(definition.RecoverAfterCrash)
                .DisallowConcurrentExecution(!definition.AllowOverlap)
                .Build();
            await scheduler.AddJob(job, new AddJobOptions { Replace = true }, cancellationToken);

            var key = QuartzJobScheduler.ScheduleKeyOf(definition.Id);
            var existing = await scheduler.GetTrigger(key, cancellationToken);
            if (!entry.Enabled)
            {
                if (existing is not null)
                {
                    await scheduler.UnscheduleJob(key, cancellationToken);
                    logger.LogInformation("Job {JobId} is switched off in the settings; its schedule is removed", definition.Id);
                }
                continue;
            }
            if (existing is null)
            {
                try
                {
                    await scheduler.ScheduleJob(QuartzJobScheduler.ScheduleTrigger(entry, entry.Cron, editedInConsole: false), cancellationToken: cancellationToken);
                }
                catch (ObjectAlreadyExistsException)
                {
                    // Another node of the cluster scheduled it a moment ago.
                }
                continue;
            }
            var editedInConsole = existing.JobDataMap.ContainsKey(QuartzJobScheduler.EditedInConsoleKey);
            if (!editedInConsole && existing is ICronTrigger cron && cron.CronExpressionString != entry.Cron)
            {
                var paused = await scheduler.GetTriggerState(key, cancellationToken) == TriggerState.Paused;
                await scheduler.ScheduleJob(QuartzJobScheduler.ScheduleTrigger(entry, entry.Cron, editedInConsole: false),
                    new ScheduleJobOptions { Replace = true, Paused = paused }, cancellationToken);
                logger.LogInformation("Job {JobId} now runs on the configured schedule {Cron}", definition.Id, entry.Cron);
            }
        }
    }
}
