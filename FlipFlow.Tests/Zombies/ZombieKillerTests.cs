using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Batches;
using FlipFlow.Domain.Zombies;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Listings;
using FlipFlow.Infrastructure.Marketplaces.Demo;
using FlipFlow.Infrastructure.Batches;
using FlipFlow.Infrastructure.Zombies;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using FlipFlow.Infrastructure.Products;
using FlipFlow.Domain.Snapshots;
using FlipFlow.Domain.Products;

namespace FlipFlow.Tests.Zombies;

[Trait("Category", "Integration")]
public sealed class ZombieKillerTests : IAsyncLifetime
{
    private TestDatabase database = default!;
    private IHost host = default!;

    private ZombieScanner Scanner => host.Services.GetRequiredService<ZombieScanner>();
    private ZombieReader Reader => host.Services.GetRequiredService<ZombieReader>();
    private ZombieResurrector Resurrector => host.Services.GetRequiredService<ZombieResurrector>();
    private ZombieRepricer Repricer => host.Services.GetRequiredService<ZombieRepricer>();
    private ZombieSnoozer Snoozer => host.Services.GetRequiredService<ZombieSnoozer>();
    private ZombieAutoResurrector AutoResurrector => host.Services.GetRequiredService<ZombieAutoResurrector>();
    private MarketplaceBatches Batches => host.Services.GetRequiredService<MarketplaceBatches>();
    private MarketplaceDispatcher Dispatcher => host.Services.GetRequiredService<MarketplaceDispatcher>();

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        host?.Dispose();
        await database.DisposeAsync();
    }

    private async Task StartAsync(Func<IServiceProvider, IMarketplaceHandler>? replacement = null, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Marketplaces:Demo:Market:FailureRate"] = "0",
            ["Marketplaces:Demo:Market:Seed"] = "7",
            ["Orchestration:RetryInitialSeconds"] = "0.01",
            ["Orchestration:RetryMaxSeconds"] = "0.05",
            ["Orchestration:TaskMaxAttempts"] = "10",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        host = TestHost.Build(database, configure: services =>
        {
            if (replacement is not null)
            {
                services.AddSingleton(replacement);
            }
        }, settings: settings);
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
    }

    private Task<T> QueryAsync<T>(Func<FlipFlowDbContext, Task<T>> query) => host.Services.QueryAsync(query);

    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>A product with one live Demo listing written straight to the database, and its daily snapshots.</summary>
    private async Task<long> ListingAsync(string sku, int daysListed, int? watchers = 0, DateTimeOffset? lastSale = null, DateTimeOffset? snoozedUntil = null,
        ListingStatus status = ListingStatus.Active, int? staleScore = null, params (int DaysAgo, int? Views, int? Impressions)[] days)
    {
        return await QueryAsync(async db =>
        {
            var product = new Product { Sku = sku, Title = $"Card {sku}", Price = 10m, Quantity = 1, CreatedAt = Now, UpdatedAt = Now };
            var listing = new Listing
            {
                Product = product, Marketplace = Marketplace.Demo, RemoteId = $"hand-{sku}", Status = status, Price = 10m, Quantity = 1,
                ListedAt = Now.AddDays(-daysListed), Watchers = watchers, LastSaleAt = lastSale, SnoozedUntil = snoozedUntil,
                ZombieScore = staleScore, ZombieDiagnosis = staleScore is null ? null : ZombieDiagnosis.BarelyShown, ZombieReasons = staleScore is null ? null : "stale",
                CreatedAt = Now.AddDays(-daysListed), UpdatedAt = Now,
            };
            db.Listings.Add(listing);
            await db.SaveChangesAsync();
            db.ListingSnapshots.AddRange(days.Select(day => new ListingSnapshot
            {
                ListingId = listing.Id, Date = Today.AddDays(-day.DaysAgo), Views = day.Views, Impressions = day.Impressions, Watchers = watchers,
                Price = 10m, Quantity = 1, Status = ListingStatus.Active,
            }));
            await db.SaveChangesAsync();
            return listing.Id;
        });
    }

    private Task<Listing> GetListingAsync(long id) => QueryAsync(db => db.Listings.AsNoTracking().SingleAsync(listing => listing.Id == id));

    [Fact]
    public async Task Scan_judges_on_the_last_30_dates_of_snapshots_keeps_no_data_and_writes_or_clears_the_verdict()
    {
        await StartAsync();
        // 30 days ago and yesterday count; 31 days ago and today do not.
        var unclicked = await ListingAsync("A", 100, days: [(31, 500, 90_000), (30, 2, 1000), (1, 3, 2000), (0, 400, 90_000)]);
        var noData = await ListingAsync("B", 150, watchers: null, days: [(3, null, null), (2, null, null)]);
        var noSnapshots = await ListingAsync("C", 80);
        var snoozed = await ListingAsync("D", 100, snoozedUntil: Now.AddDays(5));
        var young = await ListingAsync("E", 5);
        var soldRecently = await ListingAsync("F", 100, lastSale: Now.AddDays(-3));
        var healthy = await ListingAsync("G", 100, staleScore: 77, days: [(5, 50, 5000)]);
        var ended = await ListingAsync("H", 100, status: ListingStatus.Ended, staleScore: 60);

        var report = await Scanner.ScanAsync();

        Assert.Equal((7, 3), (report.Judged, report.Zombies));
        Assert.Equal(1, report.ByDiagnosis[ZombieDiagnosis.SeenNotClicked]);
        Assert.Equal(2, report.ByDiagnosis[ZombieDiagnosis.OldAndUnsold]);
        var a = await GetListingAsync(unclicked);
        Assert.Equal(ZombieDiagnosis.SeenNotClicked, a.ZombieDiagnosis);
        Assert.Equal("listed 100 days, 5 views in 30 days, 0 watchers, 3000 impressions in 30 days", a.ZombieReasons);
        Assert.NotNull(a.ZombieScore);
        Assert.NotNull(a.JudgedAt);
        var b = await GetListingAsync(noData);
        Assert.Equal((ZombieDiagnosis?)ZombieDiagnosis.OldAndUnsold, b.ZombieDiagnosis);
        Assert.Equal("listed 150 days, views: no data, watchers: no data, impressions: no data", b.ZombieReasons);
        Assert.Contains("views: no data", (await GetListingAsync(noSnapshots)).ZombieReasons);
        foreach (var (id, words) in new[] { (snoozed, "snoozed until"), (young, "too young"), (soldRecently, "sold 3 days ago"), (healthy, "50 views in 30 days") })
        {
            var spared = await GetListingAsync(id);
            Assert.Null(spared.ZombieScore);
            Assert.Null(spared.ZombieDiagnosis);
            Assert.Contains(words, spared.ZombieReasons);
            Assert.NotNull(spared.JudgedAt);
        }
        var gone = await GetListingAsync(ended);
        Assert.Null(gone.ZombieScore);
        Assert.Null(gone.JudgedAt);

        var page = await Reader.ListAsync();
        Assert.Equal(3, page.Total);
        Assert.Equal(new[] { unclicked, noData, noSnapshots }.Order(), page.Rows.Select(row => row.ListingId).Order());
        Assert.True(page.Rows.Zip(page.Rows.Skip(1)).All(pair => pair.First.Score >= pair.Second.Score), "worst first");
        Assert.Equal(5, page.Rows.Single(row => row.ListingId == unclicked).ViewsLast30Days);
        Assert.Null(page.Rows.Single(row => row.ListingId == noData).ViewsLast30Days);
        Assert.Equal([unclicked], (await Reader.ListAsync(ZombieDiagnosis.SeenNotClicked)).Rows.Select(row => row.ListingId));
        Assert.Equal(0, (await Reader.ListAsync(marketplace: Marketplace.Ebay)).Total);
        Assert.Single((await Reader.ListAsync(skip: 2, take: 2)).Rows);

        // A listing that sells is no zombie at the next scan: its score is cleared.
        await QueryAsync(db => db.Listings.Where(listing => listing.Id == unclicked)
            .ExecuteUpdateAsync(set => set.SetProperty(listing => listing.LastSaleAt, Now)));
        var again = await Scanner.ScanAsync();
        Assert.Equal(2, again.Zombies);
        Assert.Null((await GetListingAsync(unclicked)).ZombieScore);
    }

    [Fact]
    public async Task Snooze_takes_listings_off_the_zombie_list_and_scans_spare_them_until_then()
    {
        await StartAsync();
        var id = await ListingAsync("S", 100);
        await Scanner.ScanAsync();
        Assert.Equal(1, (await Reader.ListAsync()).Total);

        Assert.Equal(1, await Snoozer.SnoozeAsync([id], 7));

        Assert.Equal(0, (await Reader.ListAsync()).Total);
        Assert.Equal(0, (await Scanner.ScanAsync()).Zombies);
        var listing = await GetListingAsync(id);
        Assert.InRange(listing.SnoozedUntil!.Value, Now.AddDays(7).AddMinutes(-5), Now.AddDays(7).AddMinutes(1));
        Assert.StartsWith("snoozed until", listing.ZombieReasons);
        await Assert.ThrowsAsync<ZombieActionException>(() => Snoozer.SnoozeAsync([id], 0));
    }

    private async Task<List<long>> PublishDemoAsync(int count)
    {
        await host.Services.GetRequiredService<DemoProducts>().ImportAsync(count);
        await Batches.PublishAsync(Marketplace.Demo, null, "tests");
        await Dispatcher.DrainAsync(null, CancellationToken.None);
        return await QueryAsync(db => db.Listings.Where(listing => listing.Status == ListingStatus.Active).OrderBy(listing => listing.Id)
            .Select(listing => listing.Id).ToListAsync());
    }

    [Fact]
    public async Task Reprice_lowers_the_product_price_by_the_percentage_never_below_the_floor_and_publishes_it()
    {
        await StartAsync();
        var ids = await PublishDemoAsync(3);
        var prices = new[] { 20m, 10m, 5m };
        for (var i = 0; i < 3; i++)
        {
            var (listingId, price) = (ids[i], prices[i]);
            await QueryAsync(db => db.Products.Where(product => db.Listings.Any(listing => listing.Id == listingId && listing.ProductId == product.Id))
                .ExecuteUpdateAsync(set => set.SetProperty(product => product.Price, price)));
        }
        await Assert.ThrowsAsync<ZombieActionException>(() => Repricer.RepriceAsync(ids, 0m, 1m, "tests"));
        await Assert.ThrowsAsync<ZombieActionException>(() => Repricer.RepriceAsync(ids, 90.5m, 1m, "tests"));

        var created = await Repricer.RepriceAsync(ids, 30m, 8m, "tests");
        await Dispatcher.DrainAsync(null, CancellationToken.None);

        Assert.Equal(2, created.Batch.TotalJobs);
        Assert.Contains(created.Skipped, reason => reason.Contains("already at or under the floor"));
        Assert.Equal(BatchStatus.Completed, (await Batches.GetAsync(created.Batch.Id)).Status);
        var listings = await QueryAsync(db => db.Listings.AsNoTracking().Include(listing => listing.Product).Where(listing => ids.Contains(listing.Id))
            .OrderBy(listing => listing.Id).ToListAsync());
        Assert.Equal([14m, 8m, 5m], listings.Select(listing => listing.Product!.Price));
        Assert.Equal([14m, 8m], listings.Take(2).Select(listing => listing.Price));
        var remote = await QueryAsync(db => db.DemoListings.AsNoTracking().Where(listing => listing.Status == ListingStatus.Active)
            .ToDictionaryAsync(listing => listing.Sku, listing => listing.Price));
        Assert.Equal([14m, 8m], listings.Take(2).Select(listing => remote[listing.Product!.Sku]));
    }

    public enum Fault
    {
        /// <summary>The step fails with a timeout before it acts, once.</summary>
        TransientBefore,

        /// <summary>The step acts, then its answer is lost (a timeout), once.</summary>
        AnswerLostAfter,

        /// <summary>The step fails for good before it acts, once; the batch is then retried by hand.</summary>
        PermanentBefore,
    }

    [Theory]
    [InlineData(StepType.Validate, Fault.TransientBefore)]
    [InlineData(StepType.MapData, Fault.TransientBefore)]
    [InlineData(StepType.EndListing, Fault.TransientBefore)]
    [InlineData(StepType.EndListing, Fault.AnswerLostAfter)]
    [InlineData(StepType.CreateListing, Fault.TransientBefore)]
    [InlineData(StepType.CreateListing, Fault.AnswerLostAfter)]
    [InlineData(StepType.SaveResult, Fault.TransientBefore)]
    [InlineData(StepType.CreateListing, Fault.PermanentBefore)]
    [InlineData(StepType.SaveResult, Fault.PermanentBefore)]
    public async Task Resurrect_leaves_exactly_one_live_listing_linked_to_the_old_one_and_ends_it_once_whatever_step_fails(StepType step, Fault fault)
    {
        await StartAsync(services => new FaultyRelist(services.GetRequiredService<DemoMarketplace>(), step, fault));
        var faulty = host.Services.GetServices<IMarketplaceHandler>().OfType<FaultyRelist>().Single();
        var old = (await PublishDemoAsync(1)).Single();
        var oldRemoteId = (await GetListingAsync(old)).RemoteId;

        var created = await Resurrector.ResurrectAsync([old], "tests");
        await Assert.ThrowsAsync<ZombieActionException>(() => Resurrector.ResurrectAsync([old], "tests"));
        await Dispatcher.DrainAsync(null, CancellationToken.None);
        if (fault == Fault.PermanentBefore)
        {
            Assert.NotEqual(BatchStatus.Completed, (await Batches.GetAsync(created.Batch.Id)).Status);
            Assert.True(await QueryAsync(db => db.DemoListings.CountAsync(listing => listing.Status == ListingStatus.Active)) <= 1);
            Assert.Equal(1, await Batches.RetryFailedAsync(created.Batch.Id));
            await Dispatcher.DrainAsync(null, CancellationToken.None);
        }

        Assert.True(faulty.Faults == 1, $"the fault was injected {faulty.Faults} times");
        Assert.Equal(BatchStatus.Completed, (await Batches.GetAsync(created.Batch.Id)).Status);
        Assert.Equal(1, faulty.Ends);
        var listings = await QueryAsync(db => db.Listings.AsNoTracking().OrderBy(listing => listing.Id).ToListAsync());
        var live = Assert.Single(listings, listing => listing.Status == ListingStatus.Active);
        Assert.Equal(old, live.ReplacesListingId);
        Assert.NotEqual(oldRemoteId, live.RemoteId);
        Assert.Equal(ListingStatus.Ended, listings.Single(listing => listing.Id == old).Status);
        var remote = await QueryAsync(db => db.DemoListings.AsNoTracking().ToListAsync());
        Assert.Equal(live.RemoteId, Assert.Single(remote, listing => listing.Status == ListingStatus.Active).RemoteId);
        Assert.Equal(ListingStatus.Ended, remote.Single(listing => listing.RemoteId == oldRemoteId).Status);
        var status = Assert.Single(await Reader.ResurrectionsAsync([old]));
        Assert.Equal((MarketplaceJobStatus?)MarketplaceJobStatus.Completed, status.JobStatus);
        Assert.Equal(live.Id, status.NewListingId);
    }

    [Fact]
    public async Task Resurrect_refuses_listings_that_are_not_live()
    {
        await StartAsync();
        var ended = await ListingAsync("X", 100, status: ListingStatus.Ended);
        var refused = await Assert.ThrowsAsync<ZombieActionException>(() => Resurrector.ResurrectAsync([ended, 999_999], "tests"));
        Assert.Contains("not live", refused.Message);
        Assert.Contains("no such listing", refused.Message);
    }

    [Fact]
    public async Task Auto_resurrect_does_nothing_when_off_and_keeps_to_its_daily_cap_when_on()
    {
        await StartAsync();
        var ids = await PublishDemoAsync(3);
        await QueryAsync(db => db.Listings.ExecuteUpdateAsync(set => set.SetProperty(listing => listing.ListedAt, Now.AddDays(-200))));
        Assert.Equal(3, (await Scanner.ScanAsync()).Zombies);

        var off = await AutoResurrector.AutoResurrectAsync(new ZombieAutoResurrectOptions());
        Assert.Contains("off", off);
        Assert.Equal(0, await QueryAsync(db => db.BatchJobs.CountAsync(batch => batch.RequestedBy == ZombieAutoResurrector.Requester)));

        var on = new ZombieAutoResurrectOptions { Enabled = true, DailyCap = 2 };
        Assert.Contains("resurrecting 2 zombies", await AutoResurrector.AutoResurrectAsync(on));
        await Dispatcher.DrainAsync(null, CancellationToken.None);
        Assert.Contains("daily cap reached", await AutoResurrector.AutoResurrectAsync(on));
        Assert.Equal(2, await QueryAsync(db => db.Listings.CountAsync(listing => listing.ReplacesListingId != null && ids.Contains(listing.ReplacesListingId.Value))));
    }

    /// <summary>Demo's relist handler with one fault injected at one step of each job, counting the remote ends it really made.</summary>
    private sealed class FaultyRelist(DemoMarketplace demo, StepType step, Fault fault) : IMarketplaceHandler
    {
        private readonly DemoRelistHandler inner = new(demo);
        private readonly HashSet<long> faulted = [];

        public int Faults { get; private set; }

        public int Ends { get; private set; }

        public Marketplace Marketplace => Marketplace.Demo;

        public MarketplaceOperation Operation => MarketplaceOperation.Relist;

        public IReadOnlyList<PlannedStep> Plan(JobSubject subject) => inner.Plan(subject);

        public async Task<string?> RunStepAsync(StepContext context, CancellationToken cancellationToken)
        {
            var strike = context.Task.Step == step && FirstTime(context.Job.Id);
            if (strike && fault == Fault.TransientBefore)
            {
                throw new TransientMarketplaceException(Marketplace.Demo, "Demo timed out (simulated).");
            }
            if (strike && fault == Fault.PermanentBefore)
            {
                throw new PermanentMarketplaceException(Marketplace.Demo, "Demo refused (simulated).");
            }
            var result = await inner.RunStepAsync(context, cancellationToken);
            if (context.Task.Step == StepType.EndListing && result is not null && !result.Contains("already", StringComparison.Ordinal))
            {
                Ends++;
            }
            if (strike)
            {
                throw new TransientMarketplaceException(Marketplace.Demo, "Demo acted but its answer was lost (simulated timeout).");
            }
            return result;
        }

        private bool FirstTime(long jobId)
        {
            lock (faulted)
            {
                if (!faulted.Add(jobId))
                {
                    return false;
                }
                Faults++;
                return true;
            }
        }
    }
}
