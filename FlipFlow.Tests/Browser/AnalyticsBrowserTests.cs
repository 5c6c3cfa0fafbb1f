using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Analytics;
using FlipFlow.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace FlipFlow.Tests.Browser;

/// <summary>
/// The Analytics page in Chromium over a first start with the demo history (FlipFlow:DemoData): the summary and the
/// portfolio's charts (revenue on an axis of its own, in money the culture writes), a listing found as its SKU is typed
/// with its own charts and page, and the CSV download.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class AnalyticsBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly IReadOnlyDictionary<string, string?> DemoStart = new Dictionary<string, string?>
    {
        ["FlipFlow:DemoData"] = "true",
        ["Jobs:demo-market:Enabled"] = "false",
    };

    private FlipFlowApp app = default!;
    private IBrowserContext context = default!;
    private IPage page = default!;

    public async Task InitializeAsync()
    {
        app = await FlipFlowApp.StartAsync(settings: DemoStart);
        (context, page) = await browser.NewPageAsync(app.BaseAddress, acceptDownloads: true);
    }

    public async Task DisposeAsync()
    {
        await context.DisposeAsync();
        await app.DisposeAsync();
    }

    private async Task<int> PointsAsync(string testId)
    {
        var chartId = await page.GetAttributeAsync($"[data-testid={testId}]", "id");
        await page.WaitForFunctionAsync($"() => window.ApexCharts && ApexCharts.getChartByID('{chartId}')");
        return await page.EvaluateAsync<int>($"() => ApexCharts.getChartByID('{chartId}').w.config.series.reduce((n, s) => n + s.data.length, 0)");
    }

    [Fact]
    public async Task The_page_shows_the_summary_and_charts_a_picked_listing_and_downloads_the_csv()
    {
        var (email, password) = await app.CreateUserAsync(Roles.Viewer);
        await Pages.SignInAsync(page, app.BaseAddress, email, password);
        await page.GotoAsync("analytics");
        await Pages.WaitUntilLiveAsync(page);
        await page.WaitForSelectorAsync("[data-testid=analytics-summary]", new() { Timeout = 60_000 });

        await Assertions.Expect(page.Locator("[data-testid=summary-value]")).ToContainTextAsync("USD");
        await Assertions.Expect(page.Locator("[data-testid=summary-sell-through]")).ToContainTextAsync("%");
        await Assertions.Expect(page.Locator("[data-testid=summary-days-to-sell]")).ToContainTextAsync("days");
        Assert.True(int.Parse(await page.InnerTextAsync("[data-testid=portfolio-days]") is { Length: > 0 } text ? text : "0") >= 80);
        Assert.True(await PointsAsync("portfolio-activity-chart") >= 80);
        Assert.True(await PointsAsync("portfolio-sales-chart") >= 80);
        // Active listings and their watchers at each day's end: two series of a point a day.
        Assert.True(await PointsAsync("portfolio-listings-chart") >= 160);

        // Revenue has an axis of its own beside listed value, and both read as money in the culture: 60,000, not 60000.00.
        Assert.True(await PointsAsync("portfolio-value-chart-USD") >= 160);
        var valueChart = page.Locator("[data-testid=portfolio-value-chart-USD]");
        Assert.Equal(2, await valueChart.Locator("g.apexcharts-yaxis").CountAsync());
        var labels = (await valueChart.Locator(".apexcharts-yaxis-label").AllTextContentsAsync()).Select(label => label.Trim()).Where(label => label.Length > 0).ToList();
        Assert.Contains(labels, label => label.Contains(','));
        Assert.DoesNotContain(labels, label => label.EndsWith(".00", StringComparison.Ordinal));

        var listing = (await app.Services.GetRequiredService<PortfolioAnalytics>().FindListingsAsync(null, limit: 1))[0];
        // Matches show as the SKU is typed: no Enter, no button.
        await page.Locator("[data-testid=listing-search] input, input[data-testid=listing-search]").PressSequentiallyAsync(listing.Sku);
        await Pages.ClickUntilVisibleAsync(page, ".mud-popover-open [data-testid=listing-choice] >> nth=0", page.Locator("[data-testid=listing-trend]"));
        await Assertions.Expect(page.Locator("[data-testid=listing-trend-title]")).ToContainTextAsync(listing.Sku);
        Assert.True(await PointsAsync("listing-activity-chart") > 0);
        Assert.True(await PointsAsync("listing-watchers-chart") > 0);

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=analytics-export]"));
        var csv = await File.ReadAllTextAsync(await download.PathAsync());
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Date,Marketplace,Currency,Active listings,Views,Watchers,Units sold,Revenue,Listed value", lines[0]);
        Assert.True(lines.Length > 80, $"{lines.Length} lines");

        await page.GotoAsync($"listings/{listing.Id}");
        await Assertions.Expect(page.Locator("[data-testid=listing-facts]")).ToContainTextAsync(listing.Sku);
        await Assertions.Expect(page.Locator("[data-testid=listing-trend]")).ToBeVisibleAsync();
    }
}
