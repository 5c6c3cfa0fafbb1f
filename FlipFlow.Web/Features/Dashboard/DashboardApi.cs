using FlipFlow.Infrastructure.Dashboard;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlipFlow.Web.Features.Dashboard;

/// <summary><c>GET /api/v1/stats/dashboard</c>: every figure of the dashboard in one call, the same report <c>stats dashboard --json</c> prints.</summary>
public static class DashboardApi
{
    public static RouteGroupBuilder MapDashboardApi(this RouteGroupBuilder api)
    {
        api.MapGet("stats/dashboard", async Task<Ok<DashboardReport>> (DashboardFigures figures, CancellationToken cancellationToken) =>
                TypedResults.Ok(await figures.ReadAsync(cancellationToken)))
            .WithName("GetDashboardStats")
            .WithSummary("The dashboard's figures: health, listings, zombies, queue, recent sales and offers, and the last 90 days.")
            .WithTags("Dashboard");
        return api;
    }
}
