using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Jobs;

namespace FlipFlow.Web.Features.SystemInfo;

/// <summary>The health answer: healthy when the database answers, no migration is pending and the scheduler runs.</summary>
public sealed record HealthReport(string Status, DateTimeOffset CheckedAt, DatabaseHealth Database, SchedulerHealth Scheduler);

public sealed record SchedulerHealth(string State, string InstanceId, bool Clustered, int Nodes);

public sealed record DatabaseHealth(string Provider, bool Reachable, int PendingMigrations, string? Error);

public static class HealthEndpoint
{
    public const string Path = "/health";

    /// <summary>Anonymous, for load balancers and monitors: 200 when healthy, 503 when not, JSON either way.</summary>
    public static void MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, async (DatabaseMigrator migrator, Quartz.ISchedulerFactory schedulers, JobNode node, TimeProvider clock, CancellationToken cancellationToken) =>
            {
                var database = await migrator.GetStatusAsync(cancellationToken);
                var scheduler = await SchedulerHealthAsync(schedulers, node, cancellationToken);
                var healthy = database.Reachable && database.PendingMigrations.Count == 0 && scheduler.State == "Running";
                var report = new HealthReport(healthy ? "Healthy" : "Unhealthy", clock.GetUtcNow(),
                    new DatabaseHealth(database.Provider.ToString(), database.Reachable, database.PendingMigrations.Count, database.Error),
                    scheduler);
                return Results.Json(report, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
    }

    /// <summary>Read from the local scheduler alone: health must answer even when the database does not.</summary>
    private static async Task<SchedulerHealth> SchedulerHealthAsync(Quartz.ISchedulerFactory schedulers, JobNode node, CancellationToken cancellationToken)
    {
        try
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            var metadata = await scheduler.GetMetadata(cancellationToken);
            var state = await scheduler.GetStatus(cancellationToken) == Quartz.SchedulerStatus.Running ? "Running" : "NotRunning";
            return new SchedulerHealth(state, await node.NameAsync(cancellationToken), metadata.JobStoreClustered,
                metadata.JobStoreClustered ? (await scheduler.QueryClusterNodes(cancellationToken)).Count(other => other.State == Quartz.ClusterNodeState.Alive) : 1);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new SchedulerHealth($"Failed: {exception.Message}", "", false, 0);
        }
    }
}
