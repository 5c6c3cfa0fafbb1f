using System.Globalization;
using System.Text.Json;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Analytics;
using FlipFlow.Tests.Support;
using FlipFlow.Web.Cli;
using Microsoft.Playwright;
using FlipFlow.Infrastructure.Dashboard;

namespace FlipFlow.Tests.Browser;

/// <summary>
/// The dashboard in Chromium over a first start with demo data (FlipFlow:DemoData): non-zero figures, three charts
/// of 90 days read from ApexCharts itself, and <c>stats dashboard --json</c> run against the same database agreeing
/// with what the page shows.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class DashboardBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly IReadOnlyDictionary<string, string?> DemoStart = new Dictionary<string, string?>
    {
        ["FlipFlow:DemoData"] = "true",
        // The demo market would add sales while the page and the CLI are compared.
        ["Jobs:demo-market:Enabled"] = "false",
    };

    private static readonly string[] Figures = ["dash-active", "dash-new-7d", "dash-sold-7d", "dash-revenue-30d", "dash-sell-through", "dash-zombies"];

    private FlipFlowApp app = default!;
    private IBrowserContext context = default!;
    private IPage page = default!;

    public async Task InitializeAsync()
    {
        app = await FlipFlowApp.StartAsync(settings: DemoStart);
        (context, page) = await browser.NewPageAsync(app.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        await context.DisposeAsync();
        await app.DisposeAsync();
    }

    private async Task<double[][]> SeriesAsync(string testId)
    {
        var chartId = await page.GetAttributeAsync($"[data-testid={testId}]", "id");
        await page.WaitForFunctionAsync($"() => window.ApexCharts && ApexCharts.getChartByID('{chartId}')");
        return await page.EvaluateAsync<double[][]>($"() => ApexCharts.getChartByID('{chartId}').w.config.series[0].data");
    }

    private async Task<Dictionary<string, string>> ShownFiguresAsync()
    {
        var shown = new Dictionary<string, string>();
        foreach (var figure in Figures)
        {
            shown[figure] = await page.GetAttributeAsync($"[data-testid={figure}]", "data-value") ?? "";
        }
        return shown;
    }

    private async Task<JsonElement> CliAsync()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await FlipFlowCli.RunAsync(["stats", "dashboard", "--json"], app.Database.Settings, output, error);
        Assert.True(exit == FlipFlowCli.Ok, $"stats dashboard exited {exit}: {error}");
        return JsonDocument.Parse(output.ToString()).RootElement.Clone();
    }

    private static Dictionary<string, string> CliFigures(JsonElement report)
    {
        var listings = report.GetProperty("listings");
        var revenue = string.Join(";", listings.GetProperty("revenueLast30Days").EnumerateArray()
            .Select(money => $"{money.GetProperty("currency").GetString()}={money.GetProperty("amount").GetDecimal().ToString(CultureInfo.InvariantCulture)}"));
        var rate = listings.GetProperty("sellThroughRate30Days");
        return new Dictionary<string, string>
        {
            ["dash-active"] = listings.GetProperty("active").GetInt32().ToString(CultureInfo.InvariantCulture),
            ["dash-new-7d"] = listings.GetProperty("newLast7Days").GetInt32().ToString(CultureInfo.InvariantCulture),
            ["dash-sold-7d"] = listings.GetProperty("soldLast7Days").GetInt32().ToString(CultureInfo.InvariantCulture),
            ["dash-revenue-30d"] = revenue,
            ["dash-sell-through"] = rate.ValueKind == JsonValueKind.Null ? "" : rate.GetDouble().ToString("R", CultureInfo.InvariantCulture),
            ["dash-zombies"] = report.GetProperty("zombies").GetProperty("count").GetInt32().ToString(CultureInfo.InvariantCulture),
        };
    }

    [Fact]
    public async Task A_first_start_with_demo_data_shows_non_zero_figures_three_ninety_day_charts_and_the_cli_agrees()
    {
        var (email, password) = await app.CreateUserAsync(Roles.Viewer);
        await Pages.SignInAsync(page, app.BaseAddress, email, password);
        await Pages.WaitUntilLiveAsync(page);
        await page.WaitForSelectorAsync("[data-testid=dash-active]");
        Assert.Equal(0, await page.Locator("[data-testid=dashboard-empty]").CountAsync());

        var shown = await ShownFiguresAsync();
        foreach (var figure in new[] { "dash-active", "dash-new-7d", "dash-sold-7d", "dash-zombies" })
        {
            Assert.True(int.Parse(shown[figure], CultureInfo.InvariantCulture) > 0, $"{figure} is {shown[figure]}");
        }
        Assert.StartsWith("USD=", shown["dash-revenue-30d"]);
        Assert.InRange(double.Parse(shown["dash-sell-through"], CultureInfo.InvariantCulture), 0.0001, 0.9999);
        Assert.Equal("/products", await page.GetAttributeAsync("[data-testid=dash-active]", "href"));
        Assert.Equal("/zombies", await page.GetAttributeAsync("[data-testid=dash-zombies]", "href"));
        await Assertions.Expect(page.Locator("[data-testid=dash-marketplace-ebay]")).ToContainTextAsync("Not configured");
        Assert.Equal("/analytics", await page.GetAttributeAsync("[data-testid=dash-revenue-30d]", "href"));
        Assert.Equal(DashboardFigures.RecentCount, await page.Locator("[data-testid=dash-sale]").CountAsync());

        var active = await SeriesAsync("chart-active");
        var views = await SeriesAsync("chart-views");
        var sales = await SeriesAsync("chart-sales");
        Assert.Equal(DashboardFigures.ChartDays, active.Length);
        Assert.Equal(DashboardFigures.ChartDays, views.Length);
        Assert.Equal(DashboardFigures.ChartDays, sales.Length);
        Assert.All(active, point => Assert.True(point[1] > 0));
        Assert.True(views.Sum(point => point[1]) > 0 && sales.Sum(point => point[1]) > 0);
        // One point a day, oldest first, the last one yesterday (UTC).
        var yesterday = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(-1), TimeSpan.Zero).ToUnixTimeMilliseconds();
        Assert.Equal(yesterday, (long)active[^1][0]);
        Assert.All(active.Zip(active.Skip(1)), pair => Assert.Equal(TimeSpan.FromDays(1).TotalMilliseconds, pair.Second[0] - pair.First[0]));

        // The CLI reads the same database: the same figures and days. Background work may move a figure between
        // the two reads, so the page is read again when they differ.
        var cli = await CliAsync();
        for (var attempt = 1; attempt < 3 && !CliFigures(cli).SequenceEqual(shown); attempt++)
        {
            await page.ReloadAsync();
            await Pages.WaitUntilLiveAsync(page);
            await page.WaitForSelectorAsync("[data-testid=dash-active]");
            shown = await ShownFiguresAsync();
            active = await SeriesAsync("chart-active");
            views = await SeriesAsync("chart-views");
            sales = await SeriesAsync("chart-sales");
            cli = await CliAsync();
        }
        Assert.Equal(CliFigures(cli), shown);
        var days = cli.GetProperty("days").EnumerateArray().ToList();
        Assert.Equal(DashboardFigures.ChartDays, days.Count);
        Assert.Equal(days.Select(day => (double)day.GetProperty("activeListings").GetInt32()), active.Select(point => point[1]));
        Assert.Equal(days.Select(day => (double)day.GetProperty("views").GetInt32()), views.Select(point => point[1]));
        Assert.Equal(days.Select(day => (double)day.GetProperty("unitsSold").GetInt32()), sales.Select(point => point[1]));
        Assert.Equal(days.Select(day => new DateTimeOffset(DateOnly.Parse(day.GetProperty("date").GetString()!, CultureInfo.InvariantCulture)
            .ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeMilliseconds()), active.Select(point => (long)point[0]));

        // A figure leads to its page, and leaving the dashboard (its charts destroyed, its refresh dropped) is no error in the log.
        await Pages.ClickUntilUrlAsync(page, "[data-testid=dash-revenue-30d]", "**/analytics");
        await page.WaitForSelectorAsync("[data-testid=analytics-summary]", new() { Timeout = 60_000 });
        var problems = app.Logs.Where(line => line.StartsWith("Warning", StringComparison.Ordinal) || line.StartsWith("Error", StringComparison.Ordinal)
            || line.StartsWith("Critical", StringComparison.Ordinal)).Where(line => line.Contains("Dashboard") || line.Contains("circuit") || line.Contains("Chart")).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task The_charts_take_the_dark_themes_text_colour_when_the_theme_is_toggled()
    {
        var (email, password) = await app.CreateUserAsync(Roles.Viewer);
        await Pages.SignInAsync(page, app.BaseAddress, email, password);
        await Pages.WaitUntilLiveAsync(page);
        var label = page.Locator("[data-testid=chart-views] .apexcharts-yaxis-label").First;
        await label.WaitForAsync();
        var light = await label.EvaluateAsync<string>("element => getComputedStyle(element).fill");

        await page.ClickAsync("[data-testid=theme-toggle]");
        await Assertions.Expect(page.Locator("[data-theme=dark]")).ToBeVisibleAsync();

        // Drawn again in the page's new text colour, with the same 90 days. While the chart redraws, its old label is
        // detached and has no style at all, so the wait is for a label in the new colour, not merely a different one.
        var dark = await page.WaitForFunctionAsync($$"""
            () => {
                const chart = document.querySelector('[data-testid=chart-views]');
                const label = chart && chart.querySelector('.apexcharts-yaxis-label');
                const fill = label && label.isConnected ? getComputedStyle(label).fill : '';
                return fill !== '' && fill !== '{{light}}' && fill === getComputedStyle(chart).color ? fill : null;
            }
            """);
        Assert.NotEqual(light, await dark.JsonValueAsync<string>());
        Assert.Equal(DashboardFigures.ChartDays, (await SeriesAsync("chart-views")).Length);
    }

    [Fact]
    public async Task An_empty_database_says_what_to_do()
    {
        // Another app over its own empty database: no demo data.
        await using var empty = await FlipFlowApp.StartAsync();
        var (emptyEmail, emptyPassword) = await empty.CreateUserAsync(Roles.Operator);
        await Pages.SignInAsync(page, empty.BaseAddress, emptyEmail, emptyPassword);
        await Pages.WaitUntilLiveAsync(page);

        await page.WaitForSelectorAsync("[data-testid=dashboard-empty]");
        Assert.Contains("db seed --demo", await page.InnerTextAsync("[data-testid=dashboard-empty]"));
        Assert.Contains("No daily totals yet", await page.InnerTextAsync("[data-testid=dashboard-no-days]"));
        Assert.Equal("0", await page.GetAttributeAsync("[data-testid=dash-active]", "data-value"));
    }
}
