using System.Globalization;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace FlipFlow.Tests.Browser;

/// <summary>
/// The Sellers pages in Chromium over a first start with the demo market: a merge of two sellers shows its preview before
/// anything moves, moves the listings, and its Undo puts every listing back with its seller; an Operator renames a seller.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class SellersBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly IReadOnlyDictionary<string, string?> DemoStart = new Dictionary<string, string?>
    {
        ["FlipFlow:DemoData"] = "true",
        // No market write while the listings' sellers are compared.
        ["Jobs:market-scan:Enabled"] = "false",
        ["Jobs:demo-market:Enabled"] = "false",
        ["Jobs:seller-backfill:Enabled"] = "false",
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
    public async Task Merging_two_demo_sellers_previews_first_moves_the_listings_and_Undo_puts_every_row_back_and_an_Operator_renames_a_seller()
    {
        var (email, password) = await app.CreateUserAsync(Roles.Admin);
        await Pages.SignInAsync(page, app.BaseAddress, email, password);
        await page.GotoAsync("sellers");
        await Pages.WaitUntilLiveAsync(page);

        // The two busiest sellers, as the grid lists them (the most listings first).
        var links = page.Locator("[data-testid=seller-link]");
        await Assertions.Expect(links.Nth(1)).ToBeVisibleAsync();
        var ids = (await links.EvaluateAllAsync<string[]>("links => links.map(link => link.getAttribute('href'))"))
            .Select(href => long.Parse(href.Split('/')[^1], CultureInfo.InvariantCulture)).ToList();
        var counts = (await page.Locator("[data-testid=seller-listings]").AllTextContentsAsync())
            .Select(text => int.Parse(text.Trim(), NumberStyles.AllowThousands, CultureInfo.CurrentCulture)).ToList();
        Assert.Equal(ids.Count, counts.Count);
        // Two with different counts, so the dialog's target (the one with more listings) is known.
        var second = counts.FindIndex(count => count < counts[0] && count > 0);
        Assert.True(second > 0, $"The demo market gave no two sellers with listings: {string.Join(", ", counts)}");
        var (target, targetCount, source, sourceCount) = (ids[0], counts[0], ids[second], counts[second]);
        Assert.Equal(targetCount, await ListingsOfAsync(target));
        Assert.Equal(sourceCount, await ListingsOfAsync(source));
        var before = await SellersOfListingsAsync();

        await CheckAsync(source);
        await CheckAsync(target);
        var merge = page.Locator("[data-testid=sellers-merge]");
        await Assertions.Expect(merge).ToBeEnabledAsync();
        // MudBlazor puts the dialog's data-testid on its content; the actions are beside it, in the dialog.
        var dialog = page.Locator(".mud-dialog", new PageLocatorOptions { Has = page.Locator("[data-testid=seller-merge-dialog]") });
        await Pages.ClickUntilVisibleAsync(page, "[data-testid=sellers-merge]", dialog);

        // The preview: one source line, and in all as many listings as the source holds.
        await Assertions.Expect(dialog.Locator("[data-testid=seller-merge-preview]")).ToBeVisibleAsync();
        var moves = dialog.Locator("[data-testid=seller-merge-move]");
        await Assertions.Expect(moves).ToHaveCountAsync(1);
        await Assertions.Expect(moves).ToContainTextAsync($"{sourceCount:N0} market listings of ");
        await Assertions.Expect(dialog.Locator("[data-testid=seller-merge-total]")).ToHaveTextAsync($"{sourceCount:N0} market listings move in all.");
        await Assertions.Expect(dialog.Locator($"[data-testid=seller-merge-target-{target}] input, input[data-testid=seller-merge-target-{target}]"))
            .ToBeCheckedAsync();
        Assert.Equal(before, await SellersOfListingsAsync());

        await dialog.Locator("[data-testid=seller-merge-confirm]").ClickAsync();
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar", new PageLocatorOptions { HasText = "market listings moved to" }))
            .ToContainTextAsync($"{sourceCount:N0} market listings moved to");
        var mergeId = await app.Services.QueryAsync(db => db.SellerMerges.Where(found => found.TargetSellerId == target).Select(found => found.Id).SingleAsync());
        Assert.Equal(targetCount + sourceCount, await ListingsOfAsync(target));
        Assert.Equal(0, await ListingsOfAsync(source));

        // The target's page counts both sellers' listings; the source's says whom it was merged into.
        await OpenAsync($"sellers/{target}");
        await Assertions.Expect(page.Locator("[data-testid=seller-figure-listings]")).ToHaveTextAsync((targetCount + sourceCount).ToString("N0"));
        await OpenAsync($"sellers/{source}");
        var mergedInto = page.Locator("[data-testid=seller-merged-into]");
        await Assertions.Expect(mergedInto).ToBeVisibleAsync();
        await Assertions.Expect(mergedInto.Locator($"a[href='sellers/{target}']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=seller-figure-listings]")).ToHaveTextAsync("0");

        // Undo from the merge history: every listing is back with the seller it had.
        await OpenAsync("sellers");
        var undo = page.Locator($"[data-testid=seller-merge-undo-{mergeId}]");
        await Pages.ClickUntilVisibleAsync(page, "role=tab[name='Merge history']", undo);
        await undo.ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=seller-merge-undone]")).ToHaveCountAsync(1);
        await Assertions.Expect(undo).ToHaveCountAsync(0);
        Assert.Equal(before, await SellersOfListingsAsync());
        await OpenAsync($"sellers/{source}");
        await Assertions.Expect(page.Locator("[data-testid=seller-figure-listings]")).ToHaveTextAsync(sourceCount.ToString("N0"));
        await Assertions.Expect(page.Locator("[data-testid=seller-merged-into]")).ToHaveCountAsync(0);

        // An Operator renames the target and writes a note; both are there after a reload.
        var (operatorContext, operatorPage) = await browser.NewPageAsync(app.BaseAddress);
        await using (operatorContext)
        {
            var (operatorEmail, operatorPassword) = await app.CreateUserAsync(Roles.Operator);
            await Pages.SignInAsync(operatorPage, app.BaseAddress, operatorEmail, operatorPassword);
            await operatorPage.GotoAsync($"sellers/{target}");
            await Pages.WaitUntilLiveAsync(operatorPage);
            var name = operatorPage.Locator("[data-testid=seller-name] input, input[data-testid=seller-name]");
            var notes = operatorPage.Locator("[data-testid=seller-notes] textarea, textarea[data-testid=seller-notes]");
            await Assertions.Expect(name).Not.ToHaveValueAsync("");
            await name.FillAsync("Browser Cards Ltd");
            await name.BlurAsync();
            await notes.FillAsync("Sells on eBay too.");
            await notes.BlurAsync();
            await operatorPage.ClickAsync("[data-testid=seller-save]");
            await Assertions.Expect(operatorPage.Locator(".mud-snackbar", new PageLocatorOptions { HasText = "Saved." })).ToBeVisibleAsync();
            await Assertions.Expect(operatorPage.Locator("[data-testid=seller-title]")).ToHaveTextAsync("Browser Cards Ltd");

            await operatorPage.ReloadAsync();
            await Pages.WaitUntilLiveAsync(operatorPage);
            await Assertions.Expect(operatorPage.Locator("[data-testid=seller-title]")).ToHaveTextAsync("Browser Cards Ltd");
            await Assertions.Expect(notes).ToHaveValueAsync("Sells on eBay too.");
        }

        // A page whose circuit failed keeps showing what it last rendered: the log tells that none did.
        var problems = app.Logs.Where(line => line.StartsWith("Warning", StringComparison.Ordinal) || line.StartsWith("Error", StringComparison.Ordinal)
            || line.StartsWith("Critical", StringComparison.Ordinal)).Where(line => line.Contains("circuit", StringComparison.OrdinalIgnoreCase) || line.Contains("Seller")).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private async Task OpenAsync(string path)
    {
        await page.GotoAsync(path);
        await Pages.WaitUntilLiveAsync(page);
    }

    /// <summary>Ticks a seller's box in the grid, again if the click landed on a cell being re-rendered.</summary>
    private async Task CheckAsync(long seller)
    {
        var box = page.Locator($"[data-testid=seller-select-{seller}] input, input[data-testid=seller-select-{seller}]");
        for (var attempt = 1; ; attempt++)
        {
            if (!await box.IsCheckedAsync())
            {
                await box.ClickAsync();
            }
            try
            {
                await Assertions.Expect(box).ToBeCheckedAsync(new LocatorAssertionsToBeCheckedOptions { Timeout = 5_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
            }
        }
    }

    private Task<int> ListingsOfAsync(long seller) =>
        app.Services.QueryAsync(db => db.MarketListings.CountAsync(listing => listing.SellerId == seller));

    /// <summary>Every market listing with the seller it belongs to, in id order.</summary>
    private Task<List<(long Listing, long? Seller)>> SellersOfListingsAsync() =>
        app.Services.QueryAsync(async db => (await db.MarketListings.AsNoTracking().OrderBy(listing => listing.Id)
            .Select(listing => new { listing.Id, listing.SellerId }).ToListAsync())
            .Select(listing => (listing.Id, listing.SellerId)).ToList());
}
