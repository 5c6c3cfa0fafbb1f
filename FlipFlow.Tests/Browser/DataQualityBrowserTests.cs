using System.Globalization;
using FlipFlow.Domain.Users;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace FlipFlow.Tests.Browser;

/// <summary>
/// The data-quality page in Chromium over a first start with the demo data: every check shown with its count, the duplicates
/// marked with one click and a confirmation (their count drops to 0 and the fix is listed with who applied it), and undone.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class DataQualityBrowserTests(BrowserFixture browser) : IAsyncLifetime
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
        (context, page) = await browser.NewPageAsync(app.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        await context.DisposeAsync();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task Marking_the_duplicates_drops_their_count_to_zero_and_undoing_it_brings_it_back()
    {
        var withoutUrl = await app.Services.QueryAsync(db => db.MarketListings.CountAsync(listing => listing.Url == null));
        var (email, password) = await app.CreateUserAsync(Roles.Operator);
        await Pages.SignInAsync(page, app.BaseAddress, email, password);
        await page.GotoAsync("data-quality");
        await Pages.WaitUntilLiveAsync(page);

        await Assertions.Expect(page.Locator("[data-testid=quality-check]")).ToHaveCountAsync(9);
        var duplicates = page.Locator("[data-testid=quality-check][data-check=Duplicates]");
        var count = duplicates.Locator("[data-testid=quality-count]");
        await Assertions.Expect(page.Locator("[data-check=MissingUrls] [data-testid=quality-count]")).ToHaveTextAsync(withoutUrl.ToString("N0", CultureInfo.InvariantCulture));
        var found = int.Parse(await count.InnerTextAsync(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        Assert.True(found > 0, "The demo market has listings put up twice.");
        await Assertions.Expect(duplicates.Locator("[data-testid=quality-examples] li")).ToHaveCountAsync(Math.Min(5, found));

        await Pages.ClickUntilVisibleAsync(page, "[data-check=Duplicates] [data-testid=quality-fix]", page.Locator(".mud-dialog"));
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Mark as duplicates", Exact = true }).ClickAsync();
        await Assertions.Expect(count).ToHaveTextAsync("0");
        await Assertions.Expect(duplicates.Locator("[data-testid=quality-holds]")).ToHaveTextAsync("On target");
        var row = page.Locator("[data-testid=quality-fix-row]");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        var cells = row.Locator("td");
        await Assertions.Expect(cells.Nth(1)).ToHaveTextAsync("Duplicates");
        await Assertions.Expect(cells.Nth(2)).ToHaveTextAsync(found.ToString("N0", CultureInfo.InvariantCulture));
        await Assertions.Expect(cells.Nth(3)).ToContainTextAsync(email);

        await row.Locator("[data-testid=quality-undo]").ClickAsync();
        await Assertions.Expect(count).ToHaveTextAsync(found.ToString("N0", CultureInfo.InvariantCulture));
        await Assertions.Expect(row.Locator("[data-testid=quality-undo]")).ToHaveCountAsync(0);
        await Assertions.Expect(cells.Nth(4)).ToContainTextAsync(email);
        Assert.Equal(0, await app.Services.QueryAsync(db => db.MarketListings.CountAsync(listing => listing.ExcludedByFixId != null)));
    }
}
