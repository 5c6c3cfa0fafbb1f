using FlipFlow.Domain.Jobs;
using FlipFlow.Infrastructure.Database;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>Deletes old runs from the history: successes after Jobs:KeepSucceededDays, failures after Jobs:KeepFailedDays.</summary>
public sealed class HistoryCleanupWork(JobHistory history, IOptions<JobsOptions> options, TimeProvider clock) : IJobWork
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
        return $"deleted {deleted} runs";
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
