using System.Text.Json;
using Bunit;
using FlipFlow.Domain.Users;
using FlipFlow.Tests.Components;
using FlipFlow.Tests.Support;
using FlipFlow.Web.Features.Dashboard;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.JSInterop;

namespace FlipFlow.Tests.Dashboard;

/// <summary>The dashboard page over an empty database: what it tells a first user, where its figures lead, and what it logs.</summary>
public sealed class DashboardPageComponentTests : ComponentTest
{
    /// <summary>How long to wait for the page's reads: generous, as the machine running the tests may be loaded.</summary>
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private readonly LogCapture logs = new();
    private readonly BunitJSModuleInterop charts;
    private readonly JSRuntimeInvocationHandler updates;

    public DashboardPageComponentTests()
    {
        Services.AddSingleton<ILoggerFactory>(new LoggerFactory([logs]));
        Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        charts = JSInterop.SetupModule("./js/apexchart.js");
        charts.SetupVoid("create", _ => true).SetVoidResult();
        charts.SetupVoid("destroy", _ => true).SetVoidResult();
        // Answered by each test, as the browser would answer, or fail to.
        updates = charts.SetupVoid("update", _ => true);
    }

    private IRenderedComponent<DashboardPage> RenderDashboard()
    {
        SignInAs(Roles.Viewer);
        var page = RenderPage<DashboardPage>();
        page.WaitForElement("[data-testid=dash-active]", Wait);
        // The three charts are drawn after the first render; a refresh updates only charts that exist.
        page.WaitForAssertion(() => Assert.Equal(3, charts.Invocations["create"].Count), Wait);
        return page;
    }

    [Fact]
    public void With_no_listings_the_dashboard_says_what_to_do()
    {
        var page = RenderDashboard();

        var empty = page.Find("[data-testid=dashboard-empty]");
        Assert.Contains("No listings yet", empty.TextContent);
        Assert.Contains("db seed --demo", empty.TextContent);
        Assert.Equal("/products", empty.QuerySelector("a")?.GetAttribute("href"));
        Assert.Contains("listing-snapshots job", page.Find("[data-testid=dashboard-no-days]").TextContent);
        Assert.Equal("0", page.Find("[data-testid=dash-active]").GetAttribute("data-value"));
    }

    [Fact]
    public void Each_figure_links_to_the_page_behind_it()
    {
        var page = RenderDashboard();

        string? Href(string testId) => page.Find($"[data-testid={testId}]").GetAttribute("href");
        Assert.Equal("/products", Href("dash-active"));
        Assert.Equal("/products", Href("dash-new-7d"));
        Assert.Equal("/analytics", Href("dash-sold-7d"));
        Assert.Equal("/analytics", Href("dash-revenue-30d"));
        Assert.Equal("/analytics", Href("dash-sell-through"));
        Assert.Equal("/zombies", Href("dash-zombies"));
        Assert.Equal("/batches", Href("dash-batches-running"));
        Assert.Equal("/batches", Href("dash-failed-tasks"));
        Assert.Equal("/zombies", page.Find("[data-testid=dash-worst-zombies] a").GetAttribute("href"));
    }

    [Fact]
    public void The_three_charts_draw_90_days_as_UTC_dates_with_their_figures_named()
    {
        RenderDashboard();

        var created = charts.Invocations["create"].Select(call => JsonSerializer.SerializeToElement(call.Arguments[1])).ToList();
        Assert.Equal(["area", "line", "bar"], created.Select(options => options.GetProperty("chart").GetProperty("type").GetString()!).ToArray());
        Assert.Equal(["Active listings", "Views", "Units sold"],
            created.Select(options => options.GetProperty("series")[0].GetProperty("name").GetString()!).ToArray());
        Assert.All(created, options => Assert.True(options.GetProperty("xaxis").GetProperty("labels").GetProperty("datetimeUTC").GetBoolean()));
    }

    [Fact]
    public async Task Leaving_the_page_while_it_refreshes_logs_nothing_at_warning_or_above()
    {
        var page = RenderDashboard();

        // The browser is gone by the time the refresh updates its charts: the page was left and the circuit closed.
        updates.SetException(new JSDisconnectedException("The circuit closed."));
        await page.InvokeAsync(() => page.Instance.RefreshAsync());

        Assert.NotEmpty(charts.Invocations["update"]);
        Assert.Empty(logs.Problems);
    }

    [Fact]
    public async Task A_refresh_that_really_fails_is_still_logged_as_a_warning()
    {
        var page = RenderDashboard();
        updates.SetException(new JSException("ApexCharts is not defined"));

        await page.InvokeAsync(() => page.Instance.RefreshAsync());

        var warning = Assert.Single(logs.Problems);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("could not refresh", warning.Message);
        Assert.IsType<JSException>(warning.Exception);
    }
}
