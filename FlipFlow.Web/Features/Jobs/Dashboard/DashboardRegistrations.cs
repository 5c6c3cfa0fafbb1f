using Hangfire.Dashboard;

namespace FlipFlow.Web.Features.Jobs.Dashboard;

/// <summary>
/// FlipFlow's page and commands in Hangfire's dashboard. Hangfire keeps its routes and navigation in process-wide
/// lists, shared by every host in the process (the tests start many): they are added once, on first use, and
/// everything they do reads the requesting host's services.
/// </summary>
public static class DashboardRegistrations
{
    static DashboardRegistrations()
    {
        var routes = DashboardRoutes.Routes;
        routes.AddRazorPage(ScheduleControlPage.Path, _ => new ScheduleControlPage());
        routes.Add($"{ScheduleControlPage.Path}/pause-all", new ScheduleCommand(ScheduleCommand.PauseAll));
        routes.Add($"{ScheduleControlPage.Path}/resume-all", new ScheduleCommand(ScheduleCommand.ResumeAll));
        routes.Add($"{ScheduleControlPage.Path}/pause/(?<id>[a-z0-9-]+)", new ScheduleCommand(ScheduleCommand.Pause));
        routes.Add($"{ScheduleControlPage.Path}/resume/(?<id>[a-z0-9-]+)", new ScheduleCommand(ScheduleCommand.Resume));
        NavigationMenu.Items.Add(page => new MenuItem(ScheduleControlPage.Title, page.Url.To(ScheduleControlPage.Path))
        {
            Active = page.RequestPath.StartsWith(ScheduleControlPage.Path, StringComparison.OrdinalIgnoreCase),
        });
    }

    /// <summary>Runs the registrations above if this process has not yet (the runtime runs a static constructor once).</summary>
    public static void EnsureRegistered()
    {
    }
}
