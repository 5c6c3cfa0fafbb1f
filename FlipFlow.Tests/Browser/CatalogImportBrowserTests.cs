using System.Text;
using FlipFlow.Domain.Users;
using FlipFlow.Tests.Support;
using Microsoft.Playwright;

namespace FlipFlow.Tests.Browser;

/// <summary>Importing cards from the Cards page in Chromium: every problem by row and column before anything is written, then a preview and the import.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class CatalogImportBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private FlipFlowApp app = default!;
    private IBrowserContext context = default!;
    private IPage page = default!;

    public async Task InitializeAsync()
    {
        app = await FlipFlowApp.StartAsync();
        (context, page) = await browser.NewPageAsync(app.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        await context.DisposeAsync();
        await app.DisposeAsync();
    }

    private static FilePayload File(string name, string text) => new() { Name = name, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(text) };

    [Fact]
    public async Task An_Operator_sees_each_problem_fixes_the_file_previews_it_and_imports_the_cards()
    {
        var (email, password) = await app.CreateUserAsync(Roles.Operator);
        await Pages.SignInAsync(page, app.BaseAddress, email, password);
        await page.GotoAsync("cards");
        await Pages.WaitUntilLiveAsync(page);
        await page.ClickAsync("[data-testid=catalog-import]");

        var problem = page.Locator("[data-testid=catalog-import-problems] tbody tr");
        await Pages.SetFilesUntilVisibleAsync(page, "[data-testid=catalog-import-file]",
            File("bad.csv", "set,number,name,rarity\nBrowserset,001/050,Browser Alpha,Rare\nBrowserset,two,Browser Beta,Rare\n"), problem);
        await Assertions.Expect(problem).ToHaveCountAsync(1);
        Assert.Equal(["3", "number"], (await problem.Locator("td").AllTextContentsAsync()).Take(2).Select(text => text.Trim()));
        await Assertions.Expect(page.Locator("[data-testid=catalog-import-run]")).ToBeDisabledAsync();

        await page.SetInputFilesAsync("[data-testid=catalog-import-file]",
            File("good.csv", "set,number,name,rarity\nBrowserset,001/050,Browser Alpha,Rare\nBrowserset,002/050,Browser Beta,Rare\n"));
        await Assertions.Expect(page.Locator("[data-testid=catalog-import-preview]"))
            .ToHaveTextAsync("good.csv: 2 cards to add, 0 to update, 0 already as the file has them.");
        await page.ClickAsync("[data-testid=catalog-import-run]");
        await Assertions.Expect(page.Locator("[data-testid=catalog-import-preview]"))
            .ToHaveTextAsync("Imported good.csv: 2 cards added, 0 updated, 0 unchanged.");
        await page.ClickAsync("[data-testid=catalog-import-done]");

        await page.Locator("[data-testid=cards-search] input, input[data-testid=cards-search]").FillAsync("browserset");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=card-link]")).ToHaveTextAsync(["Browser Alpha", "Browser Beta"]);
    }
}
