using FlipFlow.Domain.Users;
using Microsoft.AspNetCore.Authorization;

namespace FlipFlow.Web.Features.SystemInfo;

/// <summary>
/// The health answer anyone may read: whether FlipFlow is healthy, when that was checked, whether the database
/// answers with no migration pending, and whether the scheduler runs. Nothing that names the host, the process or
/// the database's software, and no error text.
/// </summary>
public sealed record HealthReport(string Status, DateTimeOffset CheckedAt, DatabaseHealth Database, SchedulerHealth Scheduler);

public sealed record DatabaseHealth(bool Reachable, int PendingMigrations);

public sealed record SchedulerHealth(string State);

public static class HealthEndpoint
{
    public const string Path = "/health";

    public static IServiceCollection AddHealthCheck(this IServiceCollection services) =>
        services.AddSingleton<SchedulerHealthProbe>().AddSingleton<HealthCheck>();

    /// <summary>
    /// Anonymous, for load balancers and monitors: 200 when healthy, 503 when not, JSON either way. A signed-in
    /// Admin gets the detail (provider, errors, the scheduler's instance id and cluster); everyone else the
    /// <see cref="HealthReport"/>, with the detail in the log.
    /// </summary>
    public static void MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, async (HttpContext context, HealthCheck health, IAuthorizationService authorization, CancellationToken cancellationToken) =>
            {
                var detail = await health.CheckAsync(cancellationToken);
                var statusCode = detail.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
                // The answer depends on who asks: no cache may hand an Admin's answer to anyone else.
                context.Response.Headers.CacheControl = "no-store";
                return (await authorization.AuthorizeAsync(context.User, Policies.CanAdminister)).Succeeded
                    ? Results.Json(detail, statusCode: statusCode)
                    : Results.Json(detail.ForAnyone(), statusCode: statusCode);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
    }
}
