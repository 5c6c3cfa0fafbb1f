using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using FlipFlow.Domain.Users;
using FlipFlow.Tests.Support;
using Microsoft.Playwright;

namespace FlipFlow.Tests.Browser;

/// <summary>
/// Importing listings from their addresses in Chromium, against saved shop pages a local server answers: a pasted list is
/// checked (its invalid and repeated lines shown by row, and by column in a CSV file) before anything is queued, the import's progress moves live to
/// its end, its dead addresses are found with the Failed filter, and once they answer, Retry all failed brings them in.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed partial class IngestBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    /// <summary>The saved pages the good addresses answer with, in turn: row 1 is the first.</summary>
    private static readonly string[] ShopPages = ["shop-jsonld.html", "shop-opengraph.html", "shop-microdata.html", "shop-jsonld-graph.html"];

    private const int GoodAddresses = 24;
    private const int DeadAddresses = 3;

    private CountingHttpServer server = default!;
    private FlipFlowApp app = default!;
    private IBrowserContext context = default!;
    private IPage page = default!;

    /// <summary>Whether the dead addresses (/gone/…) answer with a page: false answers 404, as a listing taken down does.</summary>
    private volatile bool revived;

    public async Task InitializeAsync()
    {
        server = CountingHttpServer.Start(Answer);
        app = await FlipFlowApp.StartAsync(settings: new Dictionary<string, string?>
        {
            // The shop is this machine.
            ["Fetching:AllowPrivateAddresses"] = "true",
            // One host answers every address: at the default 2 a second the list alone would take 15 s.
            ["Ingestion:PerHostRequestsPerSecond"] = "50",
            ["Ingestion:PerHostConcurrency"] = "8",
        });
        (context, page) = await browser.NewPageAsync(app.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        await context.DisposeAsync();
        await app.DisposeAsync();
        await server.DisposeAsync();
    }

    private ScriptedAnswer Answer(string target)
    {
        var path = target.Split('?', 2)[0];
        if (path == "/robots.txt")
        {
            return new ScriptedAnswer(200, "User-agent: *\nAllow: /\n"u8.ToArray(), "text/plain");
        }
        if (ShopPath().Match(path) is { Success: true } shop)
        {
            return Page(int.Parse(shop.Groups["n"].Value, CultureInfo.InvariantCulture));
        }
        if (GonePath().Match(path) is { Success: true } gone && revived)
        {
            return Page(int.Parse(gone.Groups["n"].Value, CultureInfo.InvariantCulture));
        }
        return new ScriptedAnswer(404, "Not here"u8.ToArray(), "text/plain");
    }

    private static ScriptedAnswer Page(int number) =>
        new(200, File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Ingest", "Pages", ShopPages[(number - 1) % ShopPages.Length])), "text/html; charset=utf-8");

    private string Local(string path) => $"http://127.0.0.1:{server.Port}{path}";

    /// <summary>
    /// Thirty lines: 24 shop pages, three dead addresses, row 19 repeating row 3 behind a tracking parameter, and two lines
    /// that are no address FlipFlow fetches (rows 11 and 21).
    /// </summary>
    private List<string> Lines()
    {
        var shop = Enumerable.Range(1, GoodAddresses).Select(n => Local($"/shop/{n}")).ToList();
        return
        [
            .. shop[..10],
            "not a url",
            .. shop[10..17],
            Local("/shop/3?utm_source=newsletter"),
            Local("/gone/1"),
            "ftp://x/y",
            .. shop[17..22],
            Local("/gone/2"),
            Local("/gone/3"),
            .. shop[22..],
        ];
    }

    private ILocator Count(string what) => page.Locator($"[data-testid=ingest-{what}]");

    [Fact]
    public async Task A_pasted_list_is_checked_then_imported_live_and_its_dead_addresses_come_in_after_Retry_all_failed()
    {
        var lines = Lines();
        Assert.Equal(30, lines.Count);
        var (email, password) = await app.CreateUserAsync(Roles.Operator);
        await Pages.SignInAsync(page, app.BaseAddress, email, password);
        await page.GotoAsync("ingest");
        await Pages.WaitUntilLiveAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=ingest-none]")).ToBeVisibleAsync();

        // A file's bad line is told by row and column; the header is row 1, as a spreadsheet numbers it.
        var csv = new FilePayload { Name = "links.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes($"name,url\nfirst,{Local("/shop/1")}\nsecond,mailto:x@example.com\n") };
        await Pages.SetFilesUntilVisibleAsync(page, "input[type=file]", csv, page.Locator("[data-testid=ingest-check-result]").Filter(new() { HasText = "links.csv" }));
        await Assertions.Expect(page.Locator("[data-testid=ingest-check-summary]")).ToContainTextAsync("1 address will be fetched.");
        await Assertions.Expect(page.Locator("[data-testid=ingest-invalid-line]")).ToHaveTextAsync([new Regex("^Row 3, column 2: mailto:x@example.com is not an http or https address")]);
        await Assertions.Expect(page.Locator("[data-testid=ingest-start]")).ToHaveTextAsync("Import 1 address");

        await page.Locator("textarea[data-testid=ingest-text], [data-testid=ingest-text] textarea").First.FillAsync(string.Join("\n", lines));
        await Pages.ClickUntilVisibleAsync(page, "[data-testid=ingest-check]",
            page.Locator("[data-testid=ingest-check-result]").Filter(new() { HasText = "the pasted addresses" }));

        var fetched = GoodAddresses + DeadAddresses;
        await Assertions.Expect(page.Locator("[data-testid=ingest-check-summary]")).ToContainTextAsync($"{fetched} addresses will be fetched.");
        await Assertions.Expect(page.Locator("[data-testid=ingest-invalid-line]")).ToHaveTextAsync([new Regex("^Row 11: not a url is not a whole address"),
            new Regex("^Row 21: ftp://x/y is not an http or https address")]);
        await Assertions.Expect(page.Locator("[data-testid=ingest-duplicate-line]")).ToHaveTextAsync([$"Row 19 repeats row 3: {lines[18]}"]);
        Assert.Equal(0, server.Connections);

        await page.ClickAsync("[data-testid=ingest-start]");
        await page.WaitForURLAsync(new Regex(@"/ingest/\d+$"));
        await Pages.WaitUntilLiveAsync(page);

        // Nothing reloads the page from here on: every number below is pushed to it as the import moves.
        await Assertions.Expect(Count("progress-text")).ToHaveTextAsync($"{fetched} of {fetched} done", new() { Timeout = 45_000 });
        await Assertions.Expect(Count("failed")).ToHaveTextAsync(DeadAddresses.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(Count("total")).ToHaveTextAsync(fetched.ToString(CultureInfo.InvariantCulture));
        var read = Number(await Count("succeeded").InnerTextAsync()) + Number(await Count("partial").InnerTextAsync());
        Assert.Equal(GoodAddresses, read);
        await Assertions.Expect(Count("status")).ToHaveTextAsync("Partial");
        await Assertions.Expect(Count("skipped")).ToContainTextAsync("1 line that repeated an earlier address and 2 lines that were not an address");

        await Pages.ClickUntilVisibleAsync(page, "[data-testid=ingest-filter-failed][aria-pressed=false]",
            page.Locator("[data-testid=ingest-filter-failed][aria-pressed=true]"));
        await Assertions.Expect(page.Locator("[data-testid=ingest-item-row]")).ToHaveTextAsync(["20", "27", "28"]);
        await Assertions.Expect(page.Locator("[data-testid=ingest-item-error]").First).ToContainTextAsync("404");

        revived = true;
        await Assertions.Expect(page.Locator("[data-testid=ingest-retry-all]")).ToHaveTextAsync($"Retry all failed ({DeadAddresses})");
        await page.ClickAsync("[data-testid=ingest-retry-all]");

        await Assertions.Expect(Count("failed")).ToHaveTextAsync("0", new() { Timeout = 30_000 });
        await Assertions.Expect(Count("progress-text")).ToHaveTextAsync($"{fetched} of {fetched} done");
        await Assertions.Expect(page.Locator("[data-testid=ingest-items-empty]")).ToHaveTextAsync("No address of this import is failed.");
        await Assertions.Expect(page.Locator("[data-testid=ingest-retry-all]")).ToBeDisabledAsync();

        await Pages.ClickUntilVisibleAsync(page, "[data-testid=ingest-filter-all][aria-pressed=false]", page.Locator("[data-testid=ingest-item-listing]"));
        await Assertions.Expect(page.Locator("[data-testid=ingest-item-row]")).ToHaveCountAsync(fetched);
        await Pages.ClickUntilUrlAsync(page, "[data-testid=ingest-item-listing] >> nth=0", "**/market/listings/*");
        await Pages.WaitUntilLiveAsync(page);
        await Assertions.Expect(page.Locator("[data-testid=market-listing-title]")).ToHaveTextAsync("Aerius of Thalwind - Classic Foil (002/401) - Existence");
        await Assertions.Expect(page.Locator("[data-testid=market-listing-price]")).ToHaveTextAsync("24.99 USD");
        await Assertions.Expect(page.Locator("[data-testid=market-listing-import]").First).ToContainTextAsync("Import ");
    }

    [Fact]
    public async Task A_Viewer_follows_the_imports_without_the_form_and_an_unknown_import_or_listing_is_not_found()
    {
        var (email, password) = await app.CreateUserAsync(Roles.Viewer);
        await Pages.SignInAsync(page, app.BaseAddress, email, password);
        await page.GotoAsync("ingest");
        await Pages.WaitUntilLiveAsync(page);

        await Assertions.Expect(page.Locator("[data-testid=ingest-view-only]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=ingest-new]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=nav] a[href='/ingest']")).ToHaveTextAsync("Import from URLs");

        var import = await page.GotoAsync("ingest/4040");
        Assert.Equal(404, import!.Status);
        await Assertions.Expect(page.Locator("[data-testid=not-found]")).ToContainTextAsync("Import 4040 was not found");
        var listing = await page.GotoAsync("market/listings/4040");
        Assert.Equal(404, listing!.Status);
        await Assertions.Expect(page.Locator("[data-testid=not-found]")).ToContainTextAsync("Market listing 4040 was not found");
    }

    private static int Number(string text) => int.Parse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^/shop/(?<n>[0-9]+)$")]
    private static partial Regex ShopPath();

    [GeneratedRegex(@"^/gone/(?<n>[0-9]+)$")]
    private static partial Regex GonePath();
}
