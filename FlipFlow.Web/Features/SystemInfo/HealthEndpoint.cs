using FlipFlow.Infrastructure.Database;

namespace FlipFlow.Web.Features.SystemInfo;

/// <summary>The health answer: healthy when the database answers and no migration is pending.</summary>
public sealed record HealthReport(string Status, DateTimeOffset CheckedAt, DatabaseHealth Database);

public sealed record DatabaseHealth(string Provider, bool Reachable, int PendingMigrations, string? Error);

public static class HealthEndpoint
{
    public const string Path = "/health";

    /// <summary>Anonymous, for load balancers and monitors: 200 when healthy, 503 when not, JSON either way.</summary>
    public static void MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, async (DatabaseMigrator migrator, TimeProvider clock, CancellationToken cancellationToken) =>
            {
                var database = await migrator.GetStatusAsync(cancellationToken);
                var healthy = database.Reachable && database.PendingMigrations.Count == 0;
                var report = new HealthReport(healthy ? "Healthy" : "Unhealthy", clock.GetUtcNow(),
                    new DatabaseHealth(database.Provider.ToString(), database.Reachable, database.PendingMigrations.Count, database.Error));
                return Results.Json(report, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
    }
}
