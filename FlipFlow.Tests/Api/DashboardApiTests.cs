using System.Net;
using System.Text.Json;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Dashboard;
using FlipFlow.Tests.Support;
using FlipFlow.Web.Cli;

namespace FlipFlow.Tests.Api;

[Trait("Category", "Integration")]
public sealed class DashboardApiTests(DemoApiApp demo) : IClassFixture<DemoApiApp>
{
    [Fact]
    public async Task Stats_dashboard_answers_the_figures_stats_dashboard_json_prints_for_the_same_database()
    {
        using var client = await demo.App.NewApiClientAsync(Roles.Viewer);

        using var response = await client.GetAsync("/api/v1/stats/dashboard");
        var cli = await demo.CliAsync("stats", "dashboard", "--json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var api = await response.Content.ReadAsStringAsync();
        var report = JsonSerializer.Deserialize<DashboardReport>(api, FlipFlowCli.Json)!;
        Assert.True(report.Listings.Active > 0);
        Assert.NotEmpty(report.RecentSales);
        Assert.Equal(Figures(cli), Figures(api));
    }

    /// <summary>
    /// The report as the CLI writes it, without what differs by who reads and when: the time of the read, the scheduler's state (this
    /// server runs jobs, the CLI stands by) and the seconds since each marketplace's last sync.
    /// </summary>
    private static string Figures(string json)
    {
        var report = JsonSerializer.Deserialize<DashboardReport>(json, FlipFlowCli.Json)!;
        var health = report.Health with
        {
            SchedulerState = "",
            Marketplaces = [.. report.Health.Marketplaces.Select(marketplace => marketplace with { SyncAgeSeconds = null })],
        };
        return JsonSerializer.Serialize(report with { ReadAt = default, Health = health }, FlipFlowCli.Json);
    }
}
