using System.Globalization;
using FlipFlow.Domain.Users;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Batches;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Listings;
using FlipFlow.Infrastructure.Marketplaces;
using FlipFlow.Infrastructure.Batches;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using FlipFlow.Infrastructure.Products;
using FlipFlow.Domain.Products;

namespace FlipFlow.Tests.Browser;

/// <summary>
/// The marketplace console in Chromium against the real app: products, publishing, batches moving live,
/// cancel and retry, marketplace connections and the failure banner. The Demo marketplace is slowed to a few
/// calls a second and never fails by chance, so a batch runs long enough to watch and ends the same way each time.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class MarketplaceBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    /// <summary>Long enough for a batch to run and the monitor (every second) to notice.</summary>
    private static readonly LocatorAssertionsToHaveTextOptions LiveText = new() { Timeout = 45_000 };

    private static readonly LocatorAssertionsToBeVisibleOptions LiveVisible = new() { Timeout = 30_000 };

    private static readonly IReadOnlyDictionary<string, string?> SlowDemo = new Dictionary<string, string?>
    {
        ["Marketplaces:Demo:Market:FailureRate"] = "0",
        ["Marketplaces:Demo:RequestsPerSecond"] = "4",
        ["Marketplaces:Demo:MaxConcurrency"] = "2",
    };

    private FlipFlowApp app = default!;
    private IBrowserContext context = default!;
    private IPage page = default!;

    public async Task InitializeAsync()
    {
        app = await FlipFlowApp.StartAsync(settings: SlowDemo);
        (context, page) = await browser.NewPageAsync(app.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        await context.DisposeAsync();
        await app.DisposeAsync();
    }

    private MarketplaceBatches Batches => app.Services.GetRequiredServiceOf<MarketplaceBatches>();

    private async Task OpenAsAsync(string role, string path)
    {
        var (email, password) = await app.CreateUserAsync(role);
        await Pages.SignInAsync(page, app.BaseAddress, email, password);
        await Pages.WaitUntilLiveAsync(page);
        await OpenAsync(path);
    }

    private async Task OpenAsync(string path)
    {
        await page.GotoAsync(path);
        await Pages.WaitUntilLiveAsync(page);
        // A full page load would drop this; it proves that what follows arrives over the live connection.
        await page.EvaluateAsync("() => window.sameDocument = true");
    }

    /// <summary>
    /// Enters <paramref name="count"/> as the number of demo products and waits until the button names it, which it does
    /// once the server holds the value. The empty grid can render its field anew while it loads; a value typed into the
    /// field it replaced never reaches the server, so it is typed again.
    /// </summary>
    private async Task ChooseDemoCountAsync(int count)
    {
        var howMany = page.Locator("[data-testid=demo-count]");
        var button = page.Locator("[data-testid=demo-import]");
        for (var attempt = 1; ; attempt++)
        {
            await howMany.FillAsync(count.ToString(CultureInfo.InvariantCulture));
            await howMany.BlurAsync();
            try
            {
                await Assertions.Expect(button).ToHaveTextAsync($"Add {count} demo products", new LocatorAssertionsToHaveTextOptions { Timeout = 3_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
            }
        }
    }

    private Task<bool> StillTheSameDocumentAsync() => page.EvaluateAsync<bool>("() => window.sameDocument === true");

    private ILocator Notification(string text) => page.Locator(".mud-snackbar", new PageLocatorOptions { HasText = text });

    /// <summary>The products grid's rows (a MudDataGrid row carries the class its page gives it).</summary>
    private ILocator ProductRows => page.Locator("tr.product-row");

    private ILocator ProductRow(string sku) => page.Locator("tr.product-row", new PageLocatorOptions { Has = page.Locator($"[data-testid=product-sku-cell][data-sku='{sku}']") });

    /// <summary>Reads <paramref name="locator"/>'s text until it is <paramref name="final"/>, and returns every text it showed on the way.</summary>
    private static async Task<IReadOnlyList<string>> WatchTextAsync(ILocator locator, string final, TimeSpan timeout)
    {
        var seen = new List<string>();
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            var text = (await locator.InnerTextAsync()).Trim();
            if (seen.Count == 0 || seen[^1] != text)
            {
                seen.Add(text);
            }
            if (text == final)
            {
                return seen;
            }
            await Task.Delay(150);
        }
        throw new TimeoutException($"The text never became '{final}'; it showed: {string.Join(" → ", seen)}");
    }

    private async Task<IReadOnlyList<Product>> CreateProductsWithImagesAsync(int count)
    {
        var catalog = app.Services.GetRequiredServiceOf<ProductCatalog>();
        var products = new List<Product>();
        for (var number = 1; number <= count; number++)
        {
            products.Add(await catalog.CreateAsync(new ProductInput($"CARD-{number:000}", $"Test card {number}", "A card for the tests.",
                ItemCondition.LikeNew, 4.50m + number, "USD", 1, [$"https://images.example.com/card-{number}.jpg"],
                new Dictionary<string, string> { ["Game"] = "Wonders of the First" })));
        }
        return products;
    }

    /// <summary>
    /// Publishes the selection to Demo from the "Publish to…" menu and waits for the batch's page. A click on the menu's
    /// item can be lost while the live page re-renders (seen on a loaded CI machine), so the menu is opened again until
    /// the page moves on; once a publish is under way the menu is disabled, so nothing is ever published twice.
    /// </summary>
    private async Task PublishToDemoAsync(int attempts = 4)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await page.Locator("[data-testid=products-publish] button").First.ClickAsync(new LocatorClickOptions { Timeout = 5_000 });
                await page.ClickAsync("[data-testid=publish-demo]", new PageClickOptions { Timeout = 5_000 });
            }
            catch (TimeoutException)
            {
                // The menu is disabled (a publish is under way) or closed again: the wait below tells.
            }
            try
            {
                await page.WaitForURLAsync("**/batches/*", new PageWaitForURLOptions { Timeout = attempt < attempts ? 10_000 : 45_000 });
                return;
            }
            catch (TimeoutException) when (attempt < attempts)
            {
            }
        }
    }

    [Fact]
    public async Task An_Operator_adds_demo_products_publishes_some_to_Demo_and_watches_the_batch_complete_without_reloading()
    {
        await OpenAsAsync(Roles.Operator, "/products");
        await Assertions.Expect(page.Locator("[data-testid=products-empty]")).ToContainTextAsync("No products yet");

        await ChooseDemoCountAsync(12);
        await page.ClickAsync("[data-testid=demo-import]");
        await Assertions.Expect(Notification("Demo products added")).ToContainTextAsync("12 added");
        var rows = ProductRows;
        await Assertions.Expect(rows).ToHaveCountAsync(12);
        await Assertions.Expect(page.Locator("[data-testid^=live-on-]")).ToHaveCountAsync(0);

        var chosen = new List<string>();
        for (var index = 0; index < 8; index++)
        {
            var row = rows.Nth(index);
            chosen.Add((await row.Locator("[data-testid=product-sku-cell]").GetAttributeAsync("data-sku"))!);
            await row.Locator("[data-testid^=product-select-]").ClickAsync();
        }
        await Assertions.Expect(page.Locator("[data-testid=products-selected-count]")).ToHaveTextAsync("8 selected");

        await PublishToDemoAsync();
        await Pages.WaitUntilLiveAsync(page);
        await page.EvaluateAsync("() => window.sameDocument = true");
        await Assertions.Expect(page.Locator("[data-testid=batch-title]")).ToHaveTextAsync("Publish 8 products to Demo");

        // Four calls a second, two per product: the bar moves for a few seconds, and the page follows it as it goes.
        var shown = await WatchTextAsync(page.Locator("[data-testid=batch-progress]"), "8 / 8", TimeSpan.FromSeconds(45));
        Assert.True(shown.Count >= 2, $"The progress never moved on the open page: {string.Join(" → ", shown)}");
        Assert.Equal("8 / 8", shown[^1]);
        await Assertions.Expect(page.Locator("[data-testid=batch-status]")).ToHaveTextAsync("Completed", LiveText);
        await Assertions.Expect(page.Locator("[data-testid=batch-succeeded]")).ToHaveTextAsync("8");
        await Assertions.Expect(page.Locator("[data-testid=batch-failed]")).ToHaveTextAsync("0");
        Assert.True(await StillTheSameDocumentAsync(), "The page was reloaded; the progress should have arrived live.");

        var jobs = page.Locator("tr.job-row");
        await Assertions.Expect(jobs).ToHaveCountAsync(8);
        Assert.All(await page.Locator("tr.job-row [data-testid=job-status]").AllTextContentsAsync(), text => Assert.Equal("Completed", text.Trim()));
        Assert.Equal(chosen.Order(), (await page.Locator("[data-testid=job-sku]").AllTextContentsAsync()).Select(text => text.Trim()).Order());

        await jobs.First.Locator("[data-testid=job-toggle]").ClickAsync();
        var tasks = page.Locator("[data-testid=job-tasks] [data-testid=task-row]");
        await Assertions.Expect(tasks).ToHaveCountAsync(4);
        Assert.Equal(["Validate", "MapData", "CreateListing", "SaveResult"],
            (await page.Locator("[data-testid=job-tasks] [data-testid=task-name]").AllTextContentsAsync()).Select(text => text.Trim()));
        Assert.All(await page.Locator("[data-testid=job-tasks] [data-testid=task-status]").AllTextContentsAsync(), text => Assert.Equal("Completed", text.Trim()));

        // The products now show where they are live; publishing all twelve leaves out the eight already there, and says why.
        await page.Locator("[data-testid=nav] a", new PageLocatorOptions { HasText = "Products" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=live-on-demo]")).ToHaveCountAsync(8);
        await page.ClickAsync("[data-testid=products-select-all-matching]");
        await Assertions.Expect(page.Locator("[data-testid=products-selected-count]")).ToHaveTextAsync("12 selected");
        await PublishToDemoAsync();
        await Assertions.Expect(Notification("8 left out of the batch")).ToContainTextAsync("already live on Demo");
        await Assertions.Expect(page.Locator("[data-testid=batch-title]")).ToHaveTextAsync("Publish 4 products to Demo");
        await Assertions.Expect(page.Locator("[data-testid=batch-status]")).ToHaveTextAsync("Completed", LiveText);
    }

    [Fact]
    public async Task An_Operator_creates_a_product_after_fixing_what_each_field_says_and_then_edits_it()
    {
        await OpenAsAsync(Roles.Operator, "/products");
        await page.ClickAsync("[data-testid=products-new]");
        await Pages.WaitForDialogFocusAsync(page);
        await page.Locator("[data-testid=product-sku]").FillAsync("CARD 1");
        await page.Locator("[data-testid=product-images]").FillAsync("https://images.example.com/front.jpg\nftp://images.example.com/back.jpg");
        await page.Locator("[data-testid=product-specifics]").FillAsync("Game: Wonders of the First\nno colon here");
        await page.ClickAsync("[data-testid=product-save]");

        // Every field's problem shows under it at once, and nothing is saved.
        await Assertions.Expect(page.Locator("[data-testid=product-error-Sku]")).ToContainTextAsync("no spaces");
        await Assertions.Expect(page.Locator("[data-testid=product-error-Title]")).ToHaveTextAsync("Enter a title.");
        await Assertions.Expect(page.Locator("[data-testid=product-error-Price]")).ToContainTextAsync("above 0");
        await Assertions.Expect(page.Locator("[data-testid=product-error-Images]")).ToContainTextAsync("ftp://images.example.com/back.jpg");
        await Assertions.Expect(page.Locator("[data-testid=product-error-ItemSpecifics]")).ToContainTextAsync("Line 2");
        Assert.Equal(0, (await app.Services.GetRequiredServiceOf<ProductCatalog>().ListAsync(null, ProductSort.Newest, 0, 10)).Total);

        await page.Locator("[data-testid=product-sku]").FillAsync("CARD-1");
        await page.Locator("[data-testid=product-title]").FillAsync("Great Core of Alderok, near mint");
        await page.Locator("[data-testid=product-price]").FillAsync("12.5");
        await page.Locator("[data-testid=product-currency]").FillAsync("usd");
        await page.Locator("[data-testid=product-images]").FillAsync("https://images.example.com/front.jpg\nhttps://images.example.com/back.jpg");
        await page.Locator("[data-testid=product-specifics]").FillAsync("Game: Wonders of the First\nRarity: Mythic");
        await page.ClickAsync("[data-testid=product-save]");
        await Assertions.Expect(Notification("Product created")).ToContainTextAsync("CARD-1");
        var row = ProductRow("CARD-1");
        await Assertions.Expect(row).ToContainTextAsync("12.50 USD");
        await Assertions.Expect(row).ToContainTextAsync("not listed");

        var catalog = app.Services.GetRequiredServiceOf<ProductCatalog>();
        var product = Assert.Single((await catalog.ListAsync(null, ProductSort.Newest, 0, 10)).Rows);
        Assert.Equal(2, product.ImageCount);
        var stored = await catalog.FindAsync(product.Id);
        Assert.Equal("Mythic", stored!.ItemSpecifics["Rarity"]);
        Assert.Equal("USD", stored.Currency);

        await row.Locator("[data-testid=product-edit]").ClickAsync();
        await Pages.WaitForDialogFocusAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=product-specifics]")).ToHaveValueAsync("Game: Wonders of the First\nRarity: Mythic");
        await page.Locator("[data-testid=product-title]").FillAsync("Great Core of Alderok, lightly played");
        await page.ClickAsync("[data-testid=product-save]");
        await Assertions.Expect(Notification("Product saved")).ToBeVisibleAsync();
        await Assertions.Expect(row.Locator("[data-testid=product-title-cell]")).ToHaveTextAsync("Great Core of Alderok, lightly played");
        Assert.True(await StillTheSameDocumentAsync());
    }

    [Fact]
    public async Task Cancel_stops_a_running_batch_and_Retry_failed_puts_its_cancelled_jobs_back_until_it_completes()
    {
        await app.Services.GetRequiredServiceOf<DemoProducts>().ImportAsync(30);
        var batch = (await Batches.PublishAsync(Marketplace.Demo, null, "test")).Batch;
        await OpenAsAsync(Roles.Operator, $"/batches/{batch.Id}");
        await Assertions.Expect(page.Locator("[data-testid=batch-title]")).ToHaveTextAsync("Publish 30 products to Demo");
        await Assertions.Expect(page.Locator("[data-testid=batch-retry]")).ToBeDisabledAsync();

        await page.ClickAsync("[data-testid=batch-cancel]");
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Cancel batch", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=batch-status]")).ToHaveTextAsync("Cancelled", LiveText);
        var ended = await Batches.GetAsync(batch.Id);
        Assert.Equal(BatchStatus.Cancelled, ended.Status);
        Assert.True(ended.CancelledJobs > 0, "Cancelling while it ran should have cancelled jobs.");
        await Assertions.Expect(page.Locator("[data-testid=batch-cancelled]")).ToHaveTextAsync(ended.CancelledJobs.ToString("N0"));
        await Assertions.Expect(page.Locator("[data-testid=batch-cancel]")).ToBeDisabledAsync();

        await page.ClickAsync("[data-testid=job-filter-status]");
        await page.Locator(".mud-popover-open .mud-list-item", new PageLocatorOptions { HasText = "Cancelled" }).ClickAsync();
        await Assertions.Expect(page.Locator("tr.job-row")).ToHaveCountAsync(Math.Min(ended.CancelledJobs, 20));

        await page.ClickAsync("[data-testid=batch-retry]");
        var plural = ended.CancelledJobs == 1 ? "1 job was" : $"{ended.CancelledJobs} jobs were";
        await Assertions.Expect(page.Locator(".mud-snackbar", new PageLocatorOptions { HasText = "Retry failed" })).ToContainTextAsync($"{plural} put back to run again");
        await Assertions.Expect(page.Locator("[data-testid=batch-status]")).ToHaveTextAsync("Completed", LiveText);
        await Assertions.Expect(page.Locator("[data-testid=batch-progress]")).ToHaveTextAsync("30 / 30");
        await Assertions.Expect(page.Locator("[data-testid=batch-cancelled]")).ToHaveTextAsync("0");
        await Assertions.Expect(page.Locator("[data-testid=batch-succeeded]")).ToHaveTextAsync("30");
        Assert.Equal(BatchStatus.Completed, (await Batches.GetAsync(batch.Id)).Status);
        Assert.True(await StillTheSameDocumentAsync());
    }

    [Fact]
    public async Task A_batch_to_an_unconnected_eBay_fails_with_the_reason_in_its_tasks_and_Retry_failed_runs_it_again()
    {
        var products = await CreateProductsWithImagesAsync(3);
        var batch = (await Batches.PublishAsync(Marketplace.Ebay, products.Select(product => product.Sku).ToList(), "test")).Batch;
        await OpenAsAsync(Roles.Operator, $"/batches/{batch.Id}");

        await Assertions.Expect(page.Locator("[data-testid=batch-status]")).ToHaveTextAsync("Failed", LiveText);
        await Assertions.Expect(page.Locator("[data-testid=batch-failed]")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("[data-testid=batch-progress]")).ToHaveTextAsync("3 / 3");
        var job = page.Locator("tr.job-row").First;
        await Assertions.Expect(job.Locator("[data-testid=job-error]")).ToContainTextAsync("eBay is not connected");
        await job.Locator("[data-testid=job-toggle]").ClickAsync();
        var failedTask = page.Locator("[data-testid=job-tasks] [data-testid=task-row]", new PageLocatorOptions { HasText = "Failed" });
        await Assertions.Expect(failedTask).ToHaveCountAsync(1);
        await Assertions.Expect(failedTask.Locator("[data-testid=task-error]")).ToContainTextAsync("eBay is not connected");
        await Assertions.Expect(page.Locator("[data-testid=job-tasks] [data-testid=task-status]").First).ToHaveTextAsync("Completed");

        await page.ClickAsync("[data-testid=batch-retry]");
        await Assertions.Expect(page.Locator(".mud-snackbar", new PageLocatorOptions { HasText = "Retry failed" })).ToContainTextAsync("3 jobs were put back to run again");
        // Retried, the jobs fail again for the same reason, and the opened row stays open while they do.
        await Assertions.Expect(page.Locator("[data-testid=batch-status]")).ToHaveTextAsync("Failed", LiveText);
        await Assertions.Expect(failedTask.Locator("[data-testid=task-error]")).ToContainTextAsync("eBay is not connected");
        var jobs = await Batches.JobsAsync(batch.Id, null, 0, 10);
        Assert.All(jobs.Jobs, retried => Assert.True(retried.Attempts >= 2, $"Job {retried.Id} ran {retried.Attempts} time(s), not again."));
        Assert.True(await StillTheSameDocumentAsync());
    }

    [Fact]
    public async Task An_Admin_connects_eBay_and_its_secrets_are_never_sent_back_to_the_browser()
    {
        var connections = app.Services.GetRequiredServiceOf<MarketplaceConnections>();
        var fields = connections.Describe(Marketplace.Ebay).Fields;
        await OpenAsAsync(Roles.Admin, "/marketplaces");
        var card = page.Locator("[data-testid=marketplace-ebay]");
        await Assertions.Expect(card.Locator("[data-testid=marketplace-health-ebay]")).ToHaveTextAsync("Not configured");
        await Assertions.Expect(page.Locator("[data-testid=marketplace-health-demo]")).ToHaveTextAsync("Connected");
        await Assertions.Expect(page.Locator("[data-testid^=connection-form-], [data-testid=marketplace-credentials-demo]")).ToHaveCountAsync(0);

        // The form opens on demand; saving with nothing entered names every required field that is still empty.
        await Assertions.Expect(page.Locator("[data-testid=marketplace-credentials-ebay]")).ToHaveTextAsync("Connect…");
        await page.ClickAsync("[data-testid=marketplace-credentials-ebay]");
        await page.ClickAsync("[data-testid=marketplace-save-ebay]");
        foreach (var field in fields.Where(field => field.Required && field.Default is null))
        {
            await Assertions.Expect(page.Locator($"[data-testid=field-error-ebay-{field.Name}]")).ToContainTextAsync("required");
        }
        Assert.Equal(ConnectionHealth.NotConfigured, (await connections.GetAsync(Marketplace.Ebay)).Health);

        var secrets = new Dictionary<string, string>();
        foreach (var field in fields)
        {
            var input = page.Locator($"[data-testid=field-ebay-{field.Name}]");
            if (field.Secret)
            {
                secrets[field.Name] = $"s3cret-{field.Name}-{Guid.NewGuid():N}";
                await input.FillAsync(secrets[field.Name]);
            }
            else if (field.Default is null)
            {
                await input.FillAsync($"value-of-{field.Name}");
            }
        }
        await page.ClickAsync("[data-testid=marketplace-save-ebay]");
        await Assertions.Expect(Notification("eBay saved")).ToBeVisibleAsync();
        await Assertions.Expect(card.Locator("[data-testid=marketplace-health-ebay]")).ToHaveTextAsync("Connected");
        await Assertions.Expect(card.Locator("[data-testid=marketplace-updated-ebay]")).ToContainTextAsync("by admin-");
        // Saved, the form closes; opened again, it says which secrets are kept and shows none of them.
        await Assertions.Expect(page.Locator("[data-testid=connection-form-ebay]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=marketplace-credentials-ebay]")).ToHaveTextAsync("Replace credentials…");
        await page.ClickAsync("[data-testid=marketplace-credentials-ebay]");

        foreach (var (name, value) in secrets)
        {
            await Assertions.Expect(page.Locator($"[data-testid=field-ebay-{name}]")).ToHaveValueAsync("");
            await Assertions.Expect(page.Locator($"[data-testid=secret-saved-ebay-{name}]")).ToContainTextAsync("Saved — leave empty to keep");
            await Assertions.Expect(page.Locator($"[data-testid=field-ebay-{name}]")).ToHaveAttributeAsync("placeholder", "saved — leave empty to keep");
        }
        var stored = await connections.ReadCredentialsAsync(Marketplace.Ebay);
        Assert.NotNull(stored);
        Assert.All(secrets, secret => Assert.Equal(secret.Value, stored.Secret(secret.Key)));

        // Neither the live page nor a fresh render of it holds a secret.
        var live = await page.ContentAsync();
        var rendered = await (await context.APIRequest.GetAsync("/marketplaces")).TextAsync();
        foreach (var value in secrets.Values)
        {
            Assert.DoesNotContain(value, live);
            Assert.DoesNotContain(value, rendered);
        }

        // Saving again with the secrets left empty keeps them.
        await Assertions.Expect(Notification("eBay saved")).ToHaveCountAsync(0, new LocatorAssertionsToHaveCountOptions { Timeout = 15_000 });
        await page.ClickAsync("[data-testid=marketplace-save-ebay]");
        await Assertions.Expect(Notification("eBay saved")).ToBeVisibleAsync();
        var kept = await connections.ReadCredentialsAsync(Marketplace.Ebay);
        Assert.All(secrets, secret => Assert.Equal(secret.Value, kept!.Secret(secret.Key)));

        await page.ClickAsync("[data-testid=marketplace-disconnect-ebay]");
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Disconnect", Exact = true }).ClickAsync();
        await Assertions.Expect(card.Locator("[data-testid=marketplace-health-ebay]")).ToHaveTextAsync("Not configured");
        Assert.Null(await connections.ReadCredentialsAsync(Marketplace.Ebay));
        await Assertions.Expect(page.Locator("[data-testid^=secret-saved-ebay-]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_Viewer_sees_products_batches_and_marketplaces_but_no_form_and_no_action()
    {
        await app.Services.GetRequiredServiceOf<DemoProducts>().ImportAsync(5);
        var batch = (await Batches.PublishAsync(Marketplace.Demo, null, "test")).Batch;
        await OpenAsAsync(Roles.Viewer, "/products");
        var navigation = await page.InnerTextAsync("[data-testid=nav]");
        Assert.Contains("Products", navigation);
        Assert.Contains("Batches", navigation);
        Assert.Contains("Marketplaces", navigation);

        await Assertions.Expect(ProductRows).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("[data-testid=products-export]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(
            "[data-testid=products-publish], [data-testid=products-new], [data-testid^=product-select-], [data-testid=product-edit], [data-testid=products-selection]"))
            .ToHaveCountAsync(0);

        await OpenAsync($"/batches/{batch.Id}");
        await Assertions.Expect(page.Locator("[data-testid=batch-status]")).ToHaveTextAsync("Completed", LiveText);
        await Assertions.Expect(page.Locator("[data-testid=batch-retry], [data-testid=batch-cancel]")).ToHaveCountAsync(0);

        await OpenAsync("/batches");
        await Assertions.Expect(page.Locator($"[data-testid=batch-status-{batch.Id}]")).ToHaveTextAsync("Completed");
        await Assertions.Expect(page.Locator($"[data-testid=batch-progress-{batch.Id}]")).ToHaveTextAsync("5 / 5");
        await Assertions.Expect(page.Locator("[data-testid=stats-demo-day] [data-testid=stats-success-rate]")).ToHaveTextAsync("100.0%", LiveText);

        await OpenAsync("/marketplaces");
        await Assertions.Expect(page.Locator("[data-testid=marketplace-health-ebay]")).ToHaveTextAsync("Not configured");
        await Assertions.Expect(page.Locator("[data-testid=marketplace-listings-demo]")).ToContainTextAsync("5 active");
        await Assertions.Expect(page.Locator(
            "[data-testid^=connection-form-], [data-testid^=marketplace-credentials-], [data-testid^=marketplace-save-], [data-testid^=marketplace-disconnect-], input[type=password]"))
            .ToHaveCountAsync(0);
    }

    [Fact]
    public async Task At_1400_px_a_product_title_has_room_and_a_row_takes_at_most_two_lines()
    {
        await app.Services.GetRequiredServiceOf<DemoProducts>().ImportAsync(25);
        await page.SetViewportSizeAsync(1400, 900);
        await OpenAsAsync(Roles.Operator, "/products");
        await Assertions.Expect(ProductRows).ToHaveCountAsync(25);

        var sizes = await page.EvaluateAsync<double[]>("""
            () => {
                const table = document.querySelector('[data-testid=products-grid] table');
                const title = document.querySelector('th.col-title');
                const cells = [...document.querySelectorAll('[data-testid=product-title-cell]')];
                const line = parseFloat(getComputedStyle(cells[0]).lineHeight);
                return [table.getBoundingClientRect().width, title.getBoundingClientRect().width,
                        Math.max(...cells.map(cell => cell.getBoundingClientRect().height)) / line,
                        document.documentElement.scrollWidth, window.innerWidth];
            }
            """);
        var (tableWidth, titleWidth, lines, pageWidth, windowWidth) = (sizes[0], sizes[1], sizes[2], sizes[3], sizes[4]);
        Assert.True(titleWidth >= 0.3 * tableWidth, $"The title column is {titleWidth:N0} px of {tableWidth:N0}.");
        Assert.True(lines <= 2.05, $"A title takes {lines:N1} lines.");
        Assert.True(pageWidth <= windowWidth, $"The page is {pageWidth} px wide in a {windowWidth} px window.");
    }

    [Fact]
    public async Task The_marketplaces_page_shows_compact_cards_and_a_credential_form_only_when_asked()
    {
        await page.SetViewportSizeAsync(1400, 900);
        await OpenAsAsync(Roles.Admin, "/marketplaces");
        await Assertions.Expect(page.Locator("[data-testid=marketplace-credentials-ebay]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid^=connection-form-]")).ToHaveCountAsync(0);
        var closed = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        Assert.True(closed <= 1_000, $"The page is {closed} px tall with every form closed.");

        await page.ClickAsync("[data-testid=marketplace-credentials-etsy]");
        await Assertions.Expect(page.Locator("[data-testid=connection-form-etsy]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid^=connection-form-]")).ToHaveCountAsync(1);
        await page.ClickAsync("[data-testid=marketplace-credentials-etsy]");
        await Assertions.Expect(page.Locator("[data-testid^=connection-form-]")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_failure_banner_appears_on_every_page_when_most_of_the_last_50_Demo_tasks_failed()
    {
        await OpenAsAsync(Roles.Viewer, "/marketplaces");
        var banner = page.Locator("[data-testid=failure-banner]");
        await Assertions.Expect(page.Locator("[data-testid=marketplace-demo]")).ToBeVisibleAsync();
        await Assertions.Expect(banner).ToHaveCountAsync(0);

        await SeedDemoTasksAsync(failed: 45, completed: 5);
        // No reload: the monitor reads the alerts for every open console and pushes them.
        await Assertions.Expect(page.Locator("[data-testid=failure-alert-demo]")).ToBeVisibleAsync(LiveVisible);
        await Assertions.Expect(page.Locator("[data-testid=failure-alert-demo]")).ToContainTextAsync("Demo: 45 of the last 50 tasks failed");
        Assert.True(await StillTheSameDocumentAsync());

        await page.ClickAsync("[data-testid=failure-alert-demo] a[href=batches]");
        await page.WaitForURLAsync("**/batches");
        await Assertions.Expect(page.Locator("[data-testid=failure-alert-demo]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=stats-demo-week-failures]")).ToContainTextAsync("45 × Demo answered 503", new LocatorAssertionsToContainTextOptions { Timeout = 45_000 });
        await OpenAsync("/products");
        await Assertions.Expect(page.Locator("[data-testid=failure-alert-demo]")).ToBeVisibleAsync(LiveVisible);
    }

    /// <summary>Ended Demo tasks written straight to the database, newest last, as if a batch had just run.</summary>
    private async Task SeedDemoTasksAsync(int failed, int completed)
    {
        var contexts = app.Services.GetRequiredServiceOf<IDbContextFactory<FlipFlowDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var now = DateTimeOffset.UtcNow;
        var batch = new BatchJob
        {
            Title = "Seeded failures", RequestedBy = "test", Status = BatchStatus.Failed, TotalJobs = 1, FailedJobs = 1,
            CreatedAt = now.AddMinutes(-1), StartedAt = now.AddMinutes(-1), FinishedAt = now,
        };
        var job = new MarketplaceJob
        {
            Operation = MarketplaceOperation.Sync, Marketplace = Marketplace.Demo, Status = MarketplaceJobStatus.Failed, Attempts = 1,
            CreatedAt = now.AddMinutes(-1), StartedAt = now.AddMinutes(-1), FinishedAt = now, Error = "Demo answered 503: try again later.",
        };
        batch.Jobs.Add(job);
        db.BatchJobs.Add(batch);
        await db.SaveChangesAsync();
        for (var order = 0; order < failed + completed; order++)
        {
            var fails = order < failed;
            db.MarketplaceTasks.Add(new MarketplaceTask
            {
                JobId = job.Id, Order = order, Step = StepType.ReadListing, Name = $"ReadListing {order + 1}", IdempotencyKey = MarketplaceTask.KeyFor(job.Id, order),
                Status = fails ? MarketplaceTaskStatus.Failed : MarketplaceTaskStatus.Completed, Attempts = 1,
                Error = fails ? "Demo answered 503: try again later." : null,
                StartedAt = now.AddSeconds(order - 60), FinishedAt = now.AddSeconds(order - 59),
            });
        }
        await db.SaveChangesAsync();
    }
}
