using System.Security.Claims;
using FlipFlow.Domain.Users;
using Hangfire;
using Hangfire.Dashboard;

namespace FlipFlow.Web.Features.Jobs.Dashboard;

/// <summary>
/// Hangfire's dashboard at <see cref="Path"/>, inside FlipFlow's sign-in: every path under it needs the view policy
/// (an anonymous visitor is sent to the sign-in page), Viewers see it read-only, and only Admins and Operators act.
/// </summary>
public static class HangfireDashboard
{
    public const string Path = "/hangfire";

    /// <summary>Where the dashboard's "Back to site" goes: the console's Jobs page.</summary>
    public const string BackTo = "/jobs";

    /// <summary>
    /// Hangfire's page of the background job a run executed as, when <paramref name="fireInstanceId"/> is a Hangfire job id
    /// (a number, on every storage FlipFlow uses); null for an id another scheduler gave.
    /// </summary>
    public static string? JobDetails(string? fireInstanceId) =>
        fireInstanceId is { Length: > 0 and <= 20 } id && id.All(char.IsAsciiDigit) ? $"{Path}/jobs/details/{id}" : null;

    public const string RecurringJobs = Path + "/recurring";

    /// <summary>
    /// The target of the console's links into the dashboard. The console's own router takes over every same-window
    /// link and would show its "not found" page for a path it has no page for; a link to the top window is left to
    /// the browser, which loads the dashboard in the same tab.
    /// </summary>
    public const string LinkTarget = "_top";

    /// <summary>
    /// Maps the dashboard. Its storage is the host's own <see cref="JobStorage"/>, resolved at the first request rather
    /// than here: building it opens the database, which may not be ready (or created) until the app has started.
    /// </summary>
    public static IEndpointConventionBuilder MapJobsDashboard(this IEndpointRouteBuilder endpoints)
    {
        DashboardRegistrations.EnsureRegistered();
        var services = endpoints.ServiceProvider;
        var options = Options();
        var branch = endpoints.CreateApplicationBuilder();
        var pipeline = new Lazy<RequestDelegate>(() => branch
            .UsePathBase(Path)
            .UseMiddleware<DashboardTheme>()
            .UseMiddleware<AspNetCoreDashboardMiddleware>(services.GetRequiredService<JobStorage>(), options,
                services.GetRequiredService<Hangfire.Dashboard.RouteCollection>(), true)
            .Build());
        return endpoints.Map(Path + "/{**path}", context => pipeline.Value(context))
            .RequireAuthorization(Policies.CanView)
            .WithDisplayName("Hangfire dashboard");
    }

    /// <summary>
    /// The signed-in user's rights decide what the dashboard offers; the sign-in itself is checked by the endpoint's
    /// policy, so none of Hangfire's own authorization filters (local requests only, by default) applies.
    /// </summary>
    public static DashboardOptions Options() => new()
    {
        Authorization = [],
        AsyncAuthorization = [],
        IsReadOnlyFunc = context => !MayOperate(context.GetHttpContext().User),
        AppPath = BackTo,
        DashboardTitle = "FlipFlow jobs",
        DisplayStorageConnectionString = false,
        IgnoreAntiforgeryToken = false,
        DarkModeEnabled = true,
    };

    /// <summary>Whether the user may change jobs: the roles of <see cref="Policies.CanOperate"/>.</summary>
    public static bool MayOperate(ClaimsPrincipal user) => Policies.RolesOf(Policies.CanOperate).Any(user.IsInRole);
}
