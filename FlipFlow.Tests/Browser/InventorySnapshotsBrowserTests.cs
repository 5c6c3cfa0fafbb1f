using System.Globalization;
using FlipFlow.Domain.Users;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace FlipFlow.Tests.Browser;

/// <summary>
/// The inventory snapshot viewer and the supply page in Chromium over a first start with the demo data: a seller and card's 120 days
/// charted a line per treatment, the table beside them, and the CSV download holding exactly the table's rows; a card's largest sellers.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class InventorySnapshotsBrowserTests(BrowserFixture browser) : IAsyncLifetime
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

    [Fact]
    public async Task A_seller_and_cards_days_are_charted_per_treatment_and_the_csv_holds_exactly_the_tables_rows()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var (seller, card, name, rows) = await app.Services.QueryAsync(async db =>
        {
            var pair = await db.InventorySnapshots.GroupBy(row => new { row.SellerId, row.CardId })
                .OrderByDescending(group => group.Count()).ThenBy(group => group.Key.SellerId).Select(group => group.Key).FirstAsync();
            var displayName = await db.Sellers.Where(one => one.Id == pair.SellerId).Select(one => one.DisplayName).FirstAsync();
            var held = await db.InventorySnapshots.Where(row => row.SellerId == pair.SellerId && row.CardId == pair.CardId).ToListAsync();
            return (pair.SellerId, pair.CardId, displayName, held);
        });
        var (email, password) = await app.CreateUserAsync(Roles.Viewer);
        await Pages.SignInAsync(page, app.BaseAddress, email, password);

        await page.GotoAsync($"inventory/snapshots?sellerId={seller}&cardId={card}&from={today.AddDays(-119):yyyy-MM-dd}&to={today:yyyy-MM-dd}");
        await Pages.WaitUntilLiveAsync(page);

        await Assertions.Expect(page.Locator("input[data-testid=snapshots-seller], [data-testid=snapshots-seller] input")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex($"^{name} "));
        var days = rows.Select(row => row.Date).Distinct().Count();
        await Assertions.Expect(page.Locator("[data-testid=snapshots-days]")).ToHaveTextAsync(days.ToString(CultureInfo.InvariantCulture));
        var chartId = await page.GetAttributeAsync("[data-testid=snapshots-chart]", "id");
        await page.WaitForFunctionAsync($"() => window.ApexCharts && ApexCharts.getChartByID('{chartId}')");
        var series = await page.EvaluateAsync<string[]>($"() => ApexCharts.getChartByID('{chartId}').w.config.series.map(s => s.name + ':' + s.data.length)");
        Assert.Equal(rows.GroupBy(row => row.Treatment).OrderBy(group => group.Key, StringComparer.Ordinal).Select(group => $"{group.Key}:{group.Count()}"), series);

        await page.Locator("[data-testid=snapshots-grid] .mud-table-pagination-select").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "100" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=snapshot-date]")).ToHaveCountAsync(Math.Min(rows.Count, 100));
        var shown = (await page.Locator("[data-testid=snapshots-grid] tbody tr").AllInnerTextsAsync())
            .Select(row => string.Join("|", row.Split('\t').Select(cell => cell.Trim()).Take(6))).ToList();
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=snapshots-export]"));
        var lines = (await File.ReadAllTextAsync((await download.PathAsync())!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("Date,Seller,Platform,Card,Name,Rarity,Treatment,Items,Quantity,Currency,Average price,Lowest price,Highest price", lines[0]);
        Assert.Equal(rows.Count, lines.Length - 1);
        var exported = lines.Skip(1).Select(line => line.Split(',')).Select(cells => $"{cells[0]}|{cells[1]}|{cells[3]}|{cells[6]}|{cells[7]}|{cells[8]}").ToList();
        Assert.Equal(exported.Take(100), shown.Select(Normalise));
    }

    [Fact]
    public async Task The_supply_page_lists_the_demo_cards_and_shows_a_picked_cards_largest_sellers_trend_and_velocity()
    {
        var (email, password) = await app.CreateUserAsync(Roles.Viewer);
        await Pages.SignInAsync(page, app.BaseAddress, email, password);

        var (cardId, number, sellers) = await app.Services.QueryAsync(async db =>
        {
            var most = await db.InventoryItems.Where(item => item.Quantity > 0).GroupBy(item => item.CardId)
                .OrderByDescending(group => group.Select(item => item.SellerId).Distinct().Count()).ThenBy(group => group.Key)
                .Select(group => new { group.Key, Sellers = group.Select(item => item.SellerId).Distinct().Count() }).FirstAsync();
            return (most.Key, await db.Cards.Where(card => card.Id == most.Key).Select(card => card.Number).FirstAsync(), most.Sellers);
        });
        Assert.True(sellers >= 2, $"the card with the most sellers has {sellers}");

        await page.GotoAsync("supply");
        await Pages.WaitUntilLiveAsync(page);
        await page.Locator("input[data-testid=supply-search], [data-testid=supply-search] input").FillAsync(number);
        await Assertions.Expect(page.Locator($"[data-testid=supply-row][data-card='{cardId}']")).ToBeVisibleAsync();
        await Pages.ClickUntilVisibleAsync(page, $"[data-testid=supply-row][data-card='{cardId}']", page.Locator("[data-testid=supply-card]"));

        await Assertions.Expect(page.Locator("[data-testid=supply-card-figures]")).ToContainTextAsync($"{sellers} sellers hold");
        await Assertions.Expect(page.Locator("[data-testid=supply-top-seller]")).ToHaveCountAsync(Math.Min(sellers, 5));
        await Assertions.Expect(page.Locator("[data-testid=supply-trend-chart]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=supply-velocity]")).ToBeVisibleAsync();
    }

    /// <summary>A table row as the CSV writes it: date, seller, card number, treatment, items, quantity.</summary>
    private static string Normalise(string row)
    {
        var cells = row.Split('|');
        var seller = cells[1][..cells[1].LastIndexOf(" (", StringComparison.Ordinal)];
        var number = cells[2].Split(' ')[0];
        var treatment = cells[3] == "—" ? "" : cells[3];
        return $"{cells[0]}|{seller}|{number}|{treatment}|{cells[4]}|{cells[5].Replace(",", "")}";
    }
}
