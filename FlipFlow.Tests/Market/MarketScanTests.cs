using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Jobs;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Market;
using FlipFlow.Infrastructure.Market.Demo;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlipFlow.Tests.Market;

/// <summary>The <c>market-scan</c> job and the demo market's seeded history on a real database, over a small catalogue.</summary>
[Trait("Category", "Integration")]
public sealed class MarketScanTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private readonly ManualClock clock = new(Start);
    private TestDatabase database = default!;
    private IHost host = default!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        host = TestHost.Build(database, clock, services => services.AddSingleton<IMarketSource, BrokenSource>().AddSingleton<IMarketSource, DisconnectedSource>());
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        await MarketTestCards.SaveAsync(host.Services, 40);
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await database.DisposeAsync();
    }

    private Task<T> QueryAsync<T>(Func<FlipFlowDbContext, Task<T>> query) => host.Services.QueryAsync(query);

    private async Task<string> RunJobAsync()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var run = new JobRun { JobId = MarketScanWork.Definition.Id, Node = "test" };
        return await scope.ServiceProvider.GetRequiredService<MarketScanWork>().RunAsync(new JobRunContext(run, clock), CancellationToken.None);
    }

    [Fact]
    public void The_job_is_in_the_catalogue_every_six_hours()
    {
        var registration = host.Services.GetServices<FlipFlow.Infrastructure.Jobs.JobRegistration>().Single(job => job.Definition.Id == "market-scan");

        Assert.Equal((typeof(MarketScanWork), "0 20 0/6 * * ?"), (registration.WorkType, registration.Definition.DefaultCron));
    }

    [Fact]
    public async Task Running_the_scan_twice_adds_no_duplicate_and_logs_one_import_per_connected_source_each_time()
    {
        var summary = await RunJobAsync();
        var listings = await QueryAsync(db => db.MarketListings.CountAsync());
        await RunJobAsync();

        Assert.StartsWith("Demo ", summary, StringComparison.Ordinal);
        Assert.Equal(listings, await QueryAsync(db => db.MarketListings.CountAsync()));
        Assert.Equal(0, await QueryAsync(db => db.MarketListingEvents.CountAsync(change => change.Kind == MarketListingEventKind.PriceChanged)));
        var imports = await QueryAsync(db => db.MarketImports.OrderBy(import => import.Id).ToListAsync());
        // The broken source is connected and fails; the disconnected one is never read.
        Assert.Equal([MarketSourceKind.Demo, MarketSourceKind.Blokpax, MarketSourceKind.Demo, MarketSourceKind.Blokpax], imports.Select(import => import.Source));
        var (first, second) = (imports[0], imports[2]);
        Assert.True(first.Seen > 1000, $"{first.Seen} seen");
        Assert.Equal((first.Seen, 0, 0, 0), (first.Created, first.Updated, first.PriceChanges, first.Errors));
        Assert.Equal((second.Seen, 0, second.Seen), (first.Seen, second.Created, second.Updated));
        Assert.NotNull(first.FinishedAt);
        Assert.Equal((1, "InvalidOperationException: Blokpax said no"), (imports[1].Errors, imports[1].ErrorText));
    }

    [Fact]
    public async Task A_rescan_later_keeps_each_demo_price_change_as_one_event_and_ends_what_left_the_market()
    {
        await RunJobAsync();
        clock.Advance(TimeSpan.FromHours(6));
        await RunJobAsync();
        await RunJobAsync();

        var imports = await QueryAsync(db => db.MarketImports.Where(import => import.Source == MarketSourceKind.Demo).OrderBy(import => import.Id).ToListAsync());
        Assert.True(imports[1].PriceChanges > 0, "the demo market moved no price in six hours");
        Assert.True(imports[1].Created > 0 && imports[1].Ended > 0, $"{imports[1].Created} new, {imports[1].Ended} ended");
        Assert.Equal((0, 0, 0), (imports[2].Created, imports[2].PriceChanges, imports[2].Ended));
        var changes = await QueryAsync(db => db.MarketListingEvents.Where(change => change.Kind == MarketListingEventKind.PriceChanged)
            .GroupBy(change => change.MarketListingId).Select(group => group.Count()).ToListAsync());
        Assert.Equal(imports[1].PriceChanges, changes.Count);
        Assert.All(changes, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task The_seeded_history_covers_120_days_and_a_scan_after_it_adds_nothing_new()
    {
        var seeded = await host.Services.GetRequiredService<DemoMarketHistory>().SeedAsync();
        var again = await host.Services.GetRequiredService<DemoMarketHistory>().SeedAsync();
        await RunJobAsync();

        Assert.NotNull(seeded);
        Assert.Null(again);
        Assert.Equal(seeded.Listings, await QueryAsync(db => db.MarketListings.CountAsync()));
        Assert.Equal(120 * DemoMarket.ListingsPerDay, seeded.Listings, tolerance: seeded.Listings / 10.0);
        Assert.True(seeded.Active > 0 && seeded.Sold > 0 && seeded.Ended > 0 && seeded.PriceChanges > 0, seeded.ToString());
        var scan = await QueryAsync(db => db.MarketImports.SingleAsync(import => import.Source == MarketSourceKind.Demo));
        Assert.Equal((0, 0, 0), (scan.Created, scan.PriceChanges, scan.Ended));
        var oldest = await QueryAsync(db => db.MarketListings.MinAsync(listing => listing.FirstSeenAt));
        Assert.InRange(oldest, Start.AddDays(-121), Start.AddDays(-119));
        Assert.Equal(seeded.Sold, await QueryAsync(db => db.MarketListingEvents.CountAsync(change => change.Kind == MarketListingEventKind.Sold)));
    }

    [Fact]
    public async Task Imports_read_back_newest_first_and_last_per_source()
    {
        await RunJobAsync();
        await RunJobAsync();
        var imports = host.Services.GetRequiredService<MarketImports>();

        var recent = await imports.RecentAsync();
        var last = await imports.LastPerSourceAsync();

        Assert.Equal(4, recent.Count);
        Assert.Equal(recent.Take(2).Select(import => import.Id).Order(), last.Select(import => import.Id).Order());
    }

    private sealed class BrokenSource : IMarketSource
    {
        public MarketSourceKind Kind => MarketSourceKind.Blokpax;
        public bool ListsActives => true;
        public Task<bool> IsConnectedAsync(CancellationToken cancellationToken) => Task.FromResult(true);
        public Task<MarketSourceRead> ReadAsync(IReadOnlyList<Card> cards, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Blokpax said no");
    }

    private sealed class DisconnectedSource : IMarketSource
    {
        public MarketSourceKind Kind => MarketSourceKind.EbayBrowse;
        public bool ListsActives => true;
        public Task<bool> IsConnectedAsync(CancellationToken cancellationToken) => Task.FromResult(false);
        public Task<MarketSourceRead> ReadAsync(IReadOnlyList<Card> cards, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("A source that is not connected was read");
    }
}
