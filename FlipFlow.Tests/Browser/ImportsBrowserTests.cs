using System.Text;
using FlipFlow.Domain.Skus;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Skus;
using Microsoft.Extensions.DependencyInjection;
using FlipFlow.Tests.Imports;
using FlipFlow.Tests.Support;
using Microsoft.Playwright;

namespace FlipFlow.Tests.Browser;

/// <summary>Inventory imports and SKU review in Chromium: upload, preview with marked cells, import, live report, undo, and a reviewed SKU used next time.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ImportsBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private FlipFlowApp app = default!;
    private IBrowserContext context = default!;
    private IPage page = default!;

    public async Task InitializeAsync()
    {
        app = await FlipFlowApp.StartAsync();
        (context, page) = await browser.NewPageAsync(app.BaseAddress, acceptDownloads: true);
        var (email, password) = await app.CreateUserAsync(Roles.Operator);
        await Pages.SignInAsync(page, app.BaseAddress, email, password);
    }

    public async Task DisposeAsync()
    {
        await context.DisposeAsync();
        await app.DisposeAsync();
    }

    private static FilePayload File(string name, string text) => new() { Name = name, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(text) };

    private async Task UploadAsync(string name, string text)
    {
        await page.GotoAsync("imports/new");
        await Pages.WaitUntilLiveAsync(page);
        await Pages.SetFilesUntilVisibleAsync(page, "input[type=file]", File(name, text), page.Locator("[data-testid=import-file]").Filter(new() { HasText = name }));
    }

    [Fact]
    public async Task A_file_with_five_broken_cells_is_previewed_with_each_marked_then_its_good_rows_import_with_a_report_and_Undo_takes_them_back()
    {
        await UploadAsync("stock.csv", InventoryFiles.Build(1000, brokenCells: true));

        // The whole file is read before the preview shows, so it may take a while on a busy machine.
        await Assertions.Expect(page.Locator("[data-testid=import-summary-text]")).ToContainTextAsync("1,000 rows (comma delimiter): 995 good, 5 with problems",
            new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[data-testid=import-problem]")).ToHaveTextAsync(
            InventoryFiles.Broken.Select(broken => new System.Text.RegularExpressions.Regex($"^Row {broken.Row}, column {broken.Column}: ")).ToArray());
        // Row 12's platform is the sample's one broken cell.
        await Assertions.Expect(page.Locator("[data-testid=import-bad-cell]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=import-bad-cell]")).ToContainTextAsync("amazon");
        await Assertions.Expect(page.Locator("[data-testid=import-start]")).ToHaveCountAsync(0);

        await page.ClickAsync("[data-testid=import-skip]");

        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/imports/\\d+$"));
        await Assertions.Expect(page.Locator("[data-testid=import-status]")).ToHaveTextAsync("Partial", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("[data-testid=import-progress-text]")).ToHaveTextAsync("1,000 of 1,000 rows written");
        await Assertions.Expect(page.Locator("[data-testid=import-count-added]")).ToHaveTextAsync("995");
        await Assertions.Expect(page.Locator("[data-testid=import-count-refused]")).ToHaveTextAsync("5");
        await Assertions.Expect(page.Locator("[data-testid=import-set-aside] tbody tr")).ToHaveCountAsync(5);
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=import-download]"));
        var refused = await System.IO.File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Equal(6, refused.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        await page.ClickAsync("[data-testid=import-undo]");
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Undo", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=import-status]")).ToHaveTextAsync("Undone");
        await page.GotoAsync("inventory");
        await Pages.WaitUntilLiveAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=inventory-empty]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_SKU_approved_with_the_a_key_in_SKU_review_is_used_by_the_next_import()
    {
        var csv = $"{InventoryFiles.Header}\r\nshootstrayt,reviewshop,WOTF-EXISTENCE-028-MYT-CP,2,80.00,\r\n";
        await UploadAsync("shared.csv", csv);
        await Assertions.Expect(page.Locator("[data-testid=import-summary-text]")).ToContainTextAsync("1 held until their SKU is reviewed", new() { Timeout = 60_000 });
        await page.ClickAsync("[data-testid=import-start]");
        await Assertions.Expect(page.Locator("[data-testid=import-status]")).ToHaveTextAsync("Partial", new() { Timeout = 60_000 });

        await page.GotoAsync("sku-review");
        await Pages.WaitUntilLiveAsync(page);
        var row = page.Locator("[data-testid=sku-row]");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("WOTF-EXISTENCE-028-MYT-CP");
        // A base card or its promo is an even chance: above 0.5 the queue has nothing, and a backwards range says so.
        await SetAsync("sku-min-confidence", "0.6");
        await Assertions.Expect(page.Locator("[data-testid=sku-empty]")).ToBeVisibleAsync();
        await SetAsync("sku-max-confidence", "0.3");
        await Assertions.Expect(page.GetByText("The lowest confidence, 0.6, is above the highest, 0.3.")).ToBeVisibleAsync();
        await SetAsync("sku-min-confidence", "0.5");
        await SetAsync("sku-max-confidence", "0.5");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await page.FocusAsync("[data-testid=sku-queue]");
        await page.Keyboard.PressAsync("a");
        await Assertions.Expect(page.Locator("[data-testid=sku-empty]")).ToBeVisibleAsync();
        var (mappings, _) = await app.Services.GetRequiredService<SkuReview>().ListAsync(new SkuMappingFilter(), 0, 10);
        var approved = Assert.Single(mappings);
        Assert.Equal((SkuMappingStatus.Mapped, true), (approved.Status, approved.Verified));
        var (decision, _) = Assert.Single(await app.Services.GetRequiredService<SkuReview>().HistoryAsync(approved.Id));
        Assert.Equal(SkuDecisionAction.Approved, decision.Action);

        await UploadAsync("shared.csv", csv);
        await Assertions.Expect(page.Locator("[data-testid=import-summary-text]")).ToContainTextAsync("1 good, 0 with problems, 0 held", new() { Timeout = 60_000 });
        await page.ClickAsync("[data-testid=import-start]");
        await Assertions.Expect(page.Locator("[data-testid=import-status]")).ToHaveTextAsync("Succeeded", new() { Timeout = 60_000 });
    }

    private async Task SetAsync(string field, string value)
    {
        var input = page.Locator($"input[data-testid={field}], [data-testid={field}] input");
        await input.FillAsync(value);
        await input.BlurAsync();
    }
}
