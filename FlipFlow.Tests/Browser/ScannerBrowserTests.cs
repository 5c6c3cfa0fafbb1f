using System.Text.Json;
using FlipFlow.Domain.Users;
using FlipFlow.Tests.Support;
using FlipFlow.Web.Cli;
using FlipFlow.Web.Features.Market;
using Microsoft.Playwright;

namespace FlipFlow.Tests.Browser;

/// <summary>
/// The Scanner and a card's page in Chromium over a first start with demo data: the rows `scanner --json` prints, and a card's sales chart
/// with its median line.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ScannerBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly IReadOnlyDictionary<string, string?> DemoStart = new Dictionary<string, string?>
    {
        ["FlipFlow:DemoData"] = "true",
        // No market scan while the page and the CLI are compared.
        ["Jobs:market-scan:Enabled"] = "false",
        ["Jobs:demo-market:Enabled"] = "false",
    };

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

    [Fact]
    public async Task The_scanner_shows_the_rows_the_CLI_prints_and_a_card_page_charts_its_sales_with_the_median()
    {
        var (email, password) = await app.CreateUserAsync(Roles.Viewer);
        await Pages.SignInAsync(page, app.BaseAddress, email, password);
        await page.GotoAsync("scanner");
        await Pages.WaitUntilLiveAsync(page);
        await page.WaitForSelectorAsync("[data-testid=scanner-sales]");

        var cli = await CliAsync("scanner", "--json");
        var rows = cli.GetProperty("rows").EnumerateArray().ToList();
        Assert.True(rows.Count > 50, $"The demo market gave the scanner only {rows.Count} rows.");
        Assert.Contains(rows, row => row.GetProperty("active").GetInt32() > 0);
        Assert.Contains(rows, row => row.GetProperty("medianPrice").ValueKind == JsonValueKind.Number);
        Assert.All(rows, row =>
        {
            if (row.GetProperty("sellThrough").ValueKind == JsonValueKind.Number)
            {
                Assert.InRange(row.GetProperty("sellThrough").GetDecimal(), 0m, 1m);
            }
        });

        Assert.StartsWith($"{rows.Count:N0} rows, ", await page.TextContentAsync("[data-testid=scanner-count]"));
        var shownSales = await page.Locator("[data-testid=scanner-sales]").AllTextContentsAsync();
        var shownRates = await page.Locator("[data-testid=scanner-sell-through]").AllTextContentsAsync();
        var shownMedians = await page.Locator("[data-testid=scanner-median]").AllTextContentsAsync();
        var first = rows.Take(shownSales.Count).ToList();
        Assert.Equal(first.Select(row => row.GetProperty("sales").GetInt32().ToString("N0")), shownSales);
        Assert.Equal(first.Select(row => MarketFormatting.Rate(Decimal(row, "sellThrough"))), shownRates);
        Assert.Equal(first.Select(row => MarketFormatting.Money(Decimal(row, "medianPrice"), row.GetProperty("currency").GetString()!)), shownMedians);

        // The busiest card's page: its sales chart, with the median as a flat line.
        var top = rows.First(row => row.GetProperty("cardId").ValueKind == JsonValueKind.Number);
        var cardId = top.GetProperty("cardId").GetInt32();
        await Pages.ClickUntilUrlAsync(page, $"[data-testid=scanner-card-link][href='cards/{cardId}']", $"**/cards/{cardId}");
        await Pages.WaitUntilLiveAsync(page);
        await page.WaitForSelectorAsync("[data-testid=card-sales-chart] .apexcharts-canvas");
        var chartId = await page.GetAttributeAsync("[data-testid=card-sales-chart]", "id");
        var names = await page.EvaluateAsync<string[]>($"() => ApexCharts.getChartByID('{chartId}').w.config.series.map(series => series.name)");
        Assert.Equal([CardSalesChart.DailyMedian, CardSalesChart.Median, CardSalesChart.SalesPerDay], names);
        var median = await page.EvaluateAsync<double[][]>($"() => ApexCharts.getChartByID('{chartId}').w.config.series[1].data");
        Assert.Equal(2, median.Length);
        Assert.Equal(median[0][1], median[1][1]);

        var card = await CliAsync("cards", "show", cardId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        Assert.Equal(card.GetProperty("card").GetProperty("name").GetString(), (await page.TextContentAsync("[data-testid=card-title]"))!.Split(" · ")[1]);
        Assert.Equal(card.GetProperty("treatments").GetProperty("rows").GetArrayLength(), await page.Locator("[data-testid=card-treatments] tbody tr").CountAsync());
    }

    private static decimal? Decimal(JsonElement row, string name) =>
        row.GetProperty(name).ValueKind == JsonValueKind.Number ? row.GetProperty(name).GetDecimal() : null;

    private async Task<JsonElement> CliAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await FlipFlowCli.RunAsync(args, app.Database.Settings, output, error);
        Assert.True(exit == FlipFlowCli.Ok, $"{string.Join(' ', args)} exited {exit}: {error}");
        return JsonDocument.Parse(output.ToString()).RootElement.Clone();
    }
}
