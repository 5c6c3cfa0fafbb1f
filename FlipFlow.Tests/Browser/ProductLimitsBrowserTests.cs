using System.Text;
using FlipFlow.Domain.Products;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Products;
using FlipFlow.Tests.Support;
using Microsoft.Playwright;

namespace FlipFlow.Tests.Browser;

/// <summary>
/// A product's description at its limit in Chromium against the real app: it crosses the live connection whole (the
/// circuit's default 32 KB message limit once dropped anything over about 33,000 characters and let the dialog report
/// "Product created" with an empty description), and one character over is refused with a message, saving nothing.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ProductLimitsBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    /// <summary>Filling and sending half a million characters takes a few seconds on a loaded machine.</summary>
    private static readonly LocatorAssertionsToBeVisibleOptions Slow = new() { Timeout = 120_000 };

    private FlipFlowApp app = default!;
    private IBrowserContext context = default!;
    private IPage page = default!;

    public async Task InitializeAsync()
    {
        app = await FlipFlowApp.StartAsync();
        (context, page) = await browser.NewPageAsync(app.BaseAddress);
        context.SetDefaultTimeout(120_000);
        var (email, password) = await app.CreateUserAsync(Roles.Operator);
        await Pages.SignInAsync(page, app.BaseAddress, email, password);
        await Pages.WaitUntilLiveAsync(page);
        await page.GotoAsync("/products");
        await Pages.WaitUntilLiveAsync(page);
    }

    public async Task DisposeAsync()
    {
        await context.DisposeAsync();
        await app.DisposeAsync();
    }

    private ProductCatalog Catalog => app.Services.GetRequiredServiceOf<ProductCatalog>();

    private ILocator Notification(string text) => page.Locator(".mud-snackbar", new PageLocatorOptions { HasText = text });

    /// <summary>
    /// Text of exactly <paramref name="length"/> characters that is heavy on the wire: Japanese (3 bytes each in UTF-8),
    /// quotes and backslashes (escaped by JSON), an emoji (a surrogate pair). One line without spaces: Chromium lays out
    /// half a million characters of mixed scripts with spaces and line breaks for minutes.
    /// </summary>
    private static string Heavy(int length)
    {
        const string Line = "カード、ほぼ新品。\"スリーブ\"付き🃏\\";
        var text = new StringBuilder(length + Line.Length);
        while (text.Length < length)
        {
            text.Append(Line);
        }
        text.Length = length;
        text[^1] = 'x';
        if (char.IsHighSurrogate(text[^2]))
        {
            text[^2] = 'y';
        }
        return text.ToString();
    }

    private async Task FillNewProductAsync(string sku, string description)
    {
        await page.ClickAsync("[data-testid=products-new]");
        await Pages.WaitForDialogFocusAsync(page);
        await page.Locator("[data-testid=product-sku]").FillAsync(sku);
        await page.Locator("[data-testid=product-title]").FillAsync("Great Core of Alderok, near mint");
        await page.Locator("[data-testid=product-price]").FillAsync("12.50");
        await page.Locator("[data-testid=product-description]").FillAsync(description);
    }

    [Fact]
    public async Task A_description_at_its_maximum_is_saved_whole_and_the_dialog_edits_it_again()
    {
        var description = Heavy(ProductLimits.Description);

        await FillNewProductAsync("LONG-1", description);
        await page.ClickAsync("[data-testid=product-save]");

        await Assertions.Expect(Notification("Product created")).ToBeVisibleAsync(Slow);
        var row = Assert.Single((await Catalog.ListAsync(null, ProductSort.Newest, 0, 10)).Rows);
        var stored = (await Catalog.FindAsync(row.Id))!;
        Assert.Equal(ProductLimits.Description, stored.Description.Length);
        Assert.Equal(description, stored.Description);

        // The dialog opens with the whole text, and saving another change keeps it.
        await page.Locator("[data-testid=product-edit]").First.ClickAsync();
        await Pages.WaitForDialogFocusAsync(page);
        var shown = page.Locator("[data-testid=product-description]");
        await Assertions.Expect(shown).ToBeVisibleAsync(Slow);
        Assert.Equal(ProductLimits.Description, await shown.EvaluateAsync<int>("field => field.value.length"));
        await page.Locator("[data-testid=product-title]").FillAsync("Great Core of Alderok, lightly played");
        await page.ClickAsync("[data-testid=product-save]");
        await Assertions.Expect(Notification("Product saved")).ToBeVisibleAsync(Slow);
        var saved = (await Catalog.FindAsync(row.Id))!;
        Assert.Equal("Great Core of Alderok, lightly played", saved.Title);
        Assert.Equal(description, saved.Description);
    }

    [Fact]
    public async Task A_description_one_over_its_maximum_in_the_costliest_characters_arrives_and_is_refused_saving_nothing()
    {
        // U+0001 is the costliest character on the wire (JSON writes it as \u0001, 6 bytes): 500,001 of them still
        // arrive, so the refusal is the catalogue's message, not a dropped connection.
        await FillNewProductAsync("LONG-2", new string('\u0001', ProductLimits.Description + 1));
        await page.ClickAsync("[data-testid=product-save]");

        await Assertions.Expect(page.Locator("[data-testid=product-error-Description]"))
            .ToContainTextAsync("The description has 500,001 characters; at most 500,000", new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });
        Assert.Equal(0, (await Catalog.ListAsync(null, ProductSort.Newest, 0, 10)).Total);
        await Assertions.Expect(page.Locator("[data-testid=product-form]")).ToBeVisibleAsync();

        // The connection lived through it: the same dialog saves once the description fits.
        await page.Locator("[data-testid=product-description]").FillAsync("A card for the tests.");
        await page.ClickAsync("[data-testid=product-save]");
        await Assertions.Expect(Notification("Product created")).ToBeVisibleAsync(Slow);
        Assert.Equal("A card for the tests.", (await Catalog.FindAsync(Assert.Single((await Catalog.ListAsync(null, ProductSort.Newest, 0, 10)).Rows).Id))!.Description);
    }
}
