using FlipFlow.Domain.Jobs;
using FlipFlow.Infrastructure.Database;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>
/// Deletes old runs from the history: successes after Jobs:KeepSucceededDays, failures after Jobs:KeepFailedDays. Hangfire
/// expires its finished jobs after Jobs:KeepSucceededDays by itself but keeps failed ones until deleted: this deletes
/// those older than Jobs:KeepFailedDays, so its dashboard keeps what the console keeps.
/// </summary>
public sealed class HistoryCleanupWork(JobHistory history, JobStorage storage, IBackgroundJobClientV2 client, IOptions<JobsOptions> options,
    TimeProvider clock) : IJobWork
{
    public static readonly JobDefinition Definition = new(
        "history-cleanup",
        "Run history cleanup",
        "Deletes successful runs older than Jobs:KeepSucceededDays (30) and failed ones older than Jobs:KeepFailedDays (90).",
        "0 15 3 * * ?",
        RetryPolicy.Default,
        RecoverAfterCrash: true);

    public async Task<string> RunAsync(JobRunContext run, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var keep = options.Value;
        run.Log($"Keeping successes for {keep.KeepSucceededDays} days and failures for {keep.KeepFailedDays} days");
        var deleted = await history.DeleteFinishedAsync(now.AddDays(-keep.KeepSucceededDays), now.AddDays(-keep.KeepFailedDays), cancellationToken);
        var failedJobs = DeleteFailedJobs(now.AddDays(-keep.KeepFailedDays).UtcDateTime, cancellationToken);
        return $"deleted {deleted} runs and {failedJobs} failed Hangfire jobs";
    }

    private int DeleteFailedJobs(DateTime before, CancellationToken cancellationToken)
    {
        var monitoring = storage.GetMonitoringApi();
        var old = new List<string>();
        const int page = 500;
        for (var from = 0; ; from += page)
        {
            var failed = monitoring.FailedJobs(from, page);
            old.AddRange(failed.Where(job => job.Value.FailedAt is { } at && at < before).Select(job => job.Key));
            if (failed.Count < page)
            {
                break;
            }
        }
        var deleted = 0;
        foreach (var id in old)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Only if still Failed: a job requeued meanwhile is left alone.
            if (client.ChangeState(id, new DeletedState { Reason = "Older than Jobs:KeepFailedDays" }, FailedState.StateName))
            {
                deleted++;
            }
        }
        return deleted;
    }
}

/// <summary>Runs <see cref="DatabaseMaintenance"/>: SQLite optimize and checkpoint, PostgreSQL ANALYZE, SQL Server statistics.</summary>
public sealed class DatabaseMaintenanceWork(DatabaseMaintenance maintenance) : IJobWork
{
    public static readonly JobDefinition Definition = new(
        "database-maintenance",
        "Database maintenance",
        "SQLite: refreshes planner statistics (PRAGMA optimize) and folds the write-ahead log into the database. PostgreSQL: ANALYZE. SQL Server: updates statistics.",
        "0 45 3 * * ?",
        RetryPolicy.Default,
        RecoverAfterCrash: true);

    public async Task<string> RunAsync(JobRunContext run, CancellationToken cancellationToken)
    {
        var report = await maintenance.RunAsync(cancellationToken);
        run.Log($"{report.Provider}: {report.Done}");
        return report.Done;
    }
}

public static class BuiltInJobsRegistration
{
    public static IServiceCollection AddBuiltInJobs(this IServiceCollection services) => services
        .AddFlipFlowJob<HistoryCleanupWork>(HistoryCleanupWork.Definition)
        .AddFlipFlowJob<DatabaseMaintenanceWork>(DatabaseMaintenanceWork.Definition);
}
