using FlipFlow.Domain.Jobs;
using FlipFlow.Infrastructure.Database;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>
/// Keeps each catalogue entry's Hangfire recurring job (same id, queue <c>jobs</c>, UTC, missed fires skipped) in
/// line with the truth: the catalogue and appsettings.json, overridden by the JobSchedules row (a pause, a cron
/// edited in the console or the CLI). A paused or switched-off job stays listed on <see cref="Cron.Never"/>, so
/// "Trigger now" still runs it. Done once per process before the jobs are first used, then every 5 s by each job
/// server process, which also mends drift: a recurring job deleted on the dashboard, a crash between the two writes.
/// </summary>
public sealed class JobScheduleSync(
    JobStorage storage,
    IRecurringJobManagerV2 recurringJobs,
    JobCatalog catalog,
    IDbContextFactory<FlipFlowDbContext> contexts,
    ILogger<JobScheduleSync> logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim gate = new(1, 1);
    private bool done;

    public static RecurringJobOptions Options { get; } = new() { TimeZone = TimeZoneInfo.Utc, MisfireHandling = MisfireHandlingMode.Ignorable };

    /// <summary>Brings every recurring job in line once in this process; later calls return at once.</summary>
    public async Task EnsureAsync(CancellationToken cancellationToken = default)
    {
        if (done)
        {
            return;
        }
        await SyncAsync(cancellationToken);
        done = true;
    }

    /// <summary>Brings every recurring job in line now, writing only the ones that differ.</summary>
    public async Task SyncAsync(CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var rows = await RowsAsync(cancellationToken);
            List<RecurringJobDto> stored;
            using (var connection = storage.GetConnection())
            {
                stored = connection.GetRecurringJobs(catalog.Entries.Select(entry => entry.Definition.Id).ToArray());
            }
            foreach (var entry in catalog.Entries)
            {
                var row = rows.GetValueOrDefault(entry.Definition.Id);
                var current = stored.FirstOrDefault(job => job.Id == entry.Definition.Id && !job.Removed);
                var cron = CronOf(entry, row);
                if (current is null || current.Cron != cron || current.Job?.Queue != JobQueues.Catalogue
                    || current.TimeZoneId != Options.TimeZone.Id)
                {
                    recurringJobs.AddOrUpdate(entry.Definition.Id, CatalogJobRunner.Run(entry), cron, Options);
                    if (current is not null)
                    {
                        logger.LogInformation("Job {JobId}'s recurring job now runs on {Cron}", entry.Definition.Id, cron);
                    }
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Writes one entry's recurring job from its row (null: no row) at once, in this process.</summary>
    public void Apply(CatalogEntry entry, JobSchedule? row) =>
        recurringJobs.AddOrUpdate(entry.Definition.Id, CatalogJobRunner.Run(entry), CronOf(entry, row), Options);

    /// <summary>The cron the recurring job runs on: never while paused or switched off; else the edited cron, else the configured one.</summary>
    public static string CronOf(CatalogEntry entry, JobSchedule? row) =>
        !entry.Enabled || row is { Paused: true } ? Cron.Never() : CronSchedule.Normalize(EffectiveCron(entry, row));

    /// <summary>The job's schedule when it runs: the cron edited in the console if any, else the configured one.</summary>
    public static string EffectiveCron(CatalogEntry entry, JobSchedule? row) => row?.Cron ?? entry.Cron;

    /// <summary>Every JobSchedules row by job id; a stored cron that is no longer valid is cleared and logged.</summary>
    public async Task<Dictionary<string, JobSchedule>> RowsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.JobSchedules.ToListAsync(cancellationToken);
        foreach (var row in rows.Where(row => row.Cron is not null && CronSchedule.Validate(row.Cron) is not null))
        {
            logger.LogWarning("The schedule {Cron} stored for {JobId} is not valid ({Problem}); it runs on its configured schedule again",
                row.Cron, row.JobId, CronSchedule.Validate(row.Cron));
            row.Cron = null;
        }
        await db.SaveChangesAsync(cancellationToken);
        return rows.ToDictionary(row => row.JobId, StringComparer.OrdinalIgnoreCase);
    }
}
