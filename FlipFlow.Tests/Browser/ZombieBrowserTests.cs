using FlipFlow.Domain.Users;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Listings;
using FlipFlow.Infrastructure.Batches;
using FlipFlow.Infrastructure.Zombies;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using FlipFlow.Infrastructure.Products;

namespace FlipFlow.Tests.Browser;

/// <summary>The Zombies page in Chromium against the real app: a zombie resurrected from its row changes status live.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ZombieBrowserTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly IReadOnlyDictionary<string, string?> SlowDemo = new Dictionary<string, string?>
    {
        ["Marketplaces:Demo:Market:FailureRate"] = "0",
        ["Marketplaces:Demo:RequestsPerSecond"] = "2",
        ["Marketplaces:Demo:MaxConcurrency"] = "1",
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

    /// <summary>Two live Demo listings, listed 200 days ago and never sold: zombies once scanned.</summary>
    private async Task<long> ZombieAsync()
    {
        await app.Services.GetRequiredServiceOf<DemoProducts>().ImportAsync(2);
        var batches = app.Services.GetRequiredServiceOf<MarketplaceBatches>();
        var batch = (await batches.PublishAsync(Marketplace.Demo, null, "tests")).Batch;
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!(await batches.GetAsync(batch.Id)).IsFinished && DateTime.UtcNow < until)
        {
            await Task.Delay(200);
        }
        await using var db = await app.Services.GetRequiredServiceOf<IDbContextFactory<FlipFlowDbContext>>().CreateDbContextAsync();
        await db.Listings.ExecuteUpdateAsync(set => set.SetProperty(listing => listing.ListedAt, DateTimeOffset.UtcNow.AddDays(-200)));
        Assert.Equal(2, (await app.Services.GetRequiredServiceOf<ZombieScanner>().ScanAsync()).Zombies);
        return await db.Listings.Where(listing => listing.Status == ListingStatus.Active).OrderBy(listing => listing.Id).Select(listing => listing.Id).FirstAsync();
    }

    [Fact]
    public async Task Resurrecting_a_zombie_shows_its_status_change_live_until_the_new_listing()
    {
        var id = await ZombieAsync();
        var (email, password) = await app.CreateUserAsync(Roles.Operator);
        await Pages.SignInAsync(page, app.BaseAddress, email, password);
        await Pages.WaitUntilLiveAsync(page);
        await page.GotoAsync("/zombies");
        await Pages.WaitUntilLiveAsync(page);
        await page.EvaluateAsync("() => window.sameDocument = true");
        var status = page.GetByTestId($"zombie-status-{id}");
        await Assertions.Expect(status).ToHaveTextAsync("Live");
        await Assertions.Expect(page.GetByTestId($"zombie-diagnosis-{id}")).ToHaveTextAsync(ZombieDiagnosisText());

        await page.GetByTestId($"zombie-resurrect-{id}").ClickAsync();
        var confirm = page.Locator(".mud-dialog");
        await Assertions.Expect(confirm).ToContainTextAsync("ends this listing");
        await confirm.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Resurrect", Exact = true }).ClickAsync();

        await Assertions.Expect(status).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Resurrect"), new() { Timeout = 30_000 });
        await Assertions.Expect(status).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^Resurrected as listing #\d+ \(demo-\d+\)$"),
            new() { Timeout = 60_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the status changed without a reload");
        await Assertions.Expect(page.GetByTestId($"zombie-resurrect-{id}")).ToHaveCountAsync(0);
        await using var db = await app.Services.GetRequiredServiceOf<IDbContextFactory<FlipFlowDbContext>>().CreateDbContextAsync();
        var productId = await db.Listings.Where(listing => listing.Id == id).Select(listing => listing.ProductId).SingleAsync();
        var live = await db.Listings.Where(listing => listing.ProductId == productId && listing.Status == ListingStatus.Active).ToListAsync();
        Assert.Equal(id, Assert.Single(live).ReplacesListingId);
    }

    private static System.Text.RegularExpressions.Regex ZombieDiagnosisText() => new("reprice or resurrect|barely shown|not clicked|send an offer");
}
