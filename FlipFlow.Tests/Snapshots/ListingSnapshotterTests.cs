using FlipFlow.Domain.Jobs;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Infrastructure.Listings;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using FlipFlow.Infrastructure.Snapshots;
using FlipFlow.Domain.Snapshots;
using FlipFlow.Domain.Products;

namespace FlipFlow.Tests.Snapshots;

/// <summary><see cref="ListingSnapshotter"/> on a real database, with listings written directly; it is ten past midnight on 22 November.</summary>
[Trait("Category", "Integration")]
public sealed class ListingSnapshotterTests : IAsyncLifetime
{
    private static readonly DateOnly Day = new(2026, 11, 21);
    private static readonly DateTimeOffset DayStart = new(2026, 11, 21, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset LongAgo = DayStart.AddDays(-30);
    private readonly ManualClock clock = new(DayStart.AddDays(1).AddMinutes(10));
    private TestDatabase database = default!;
    private IHost host = default!;
    private int products;

    private ListingSnapshotter Snapshotter => host.Services.GetRequiredService<ListingSnapshotter>();

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        host = TestHost.Build(database, clock);
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await database.DisposeAsync();
    }

    private Task<T> QueryAsync<T>(Func<FlipFlowDbContext, Task<T>> query) => host.Services.QueryAsync(query);

    /// <summary>A product and its listing: by default Active on Demo since long ago, 10.00 USD, with counters.</summary>
    private async Task<long> ListAsync(Action<Listing>? change = null)
    {
        var number = ++products;
        var listing = new Listing
        {
            Product = new Product { Sku = $"SNAP-{number:D4}", Title = $"Card {number}", Price = 10m, Quantity = 1, CreatedAt = LongAgo, UpdatedAt = LongAgo },
            Marketplace = Marketplace.Demo,
            RemoteId = $"demo-{number}",
            Status = ListingStatus.Active,
            Price = 10m,
            Currency = "USD",
            Quantity = 1,
            ListedAt = LongAgo,
            Views = 100,
            Impressions = 1000,
            Watchers = 2,
            CreatedAt = LongAgo,
            UpdatedAt = LongAgo,
        };
        change?.Invoke(listing);
        return await QueryAsync(async db =>
        {
            db.Listings.Add(listing);
            await db.SaveChangesAsync();
            return listing.Id;
        });
    }

    private Task UpdateAsync(long listingId, Action<Listing> change) => QueryAsync(async db =>
    {
        change(await db.Listings.SingleAsync(listing => listing.Id == listingId));
        return await db.SaveChangesAsync();
    });

    private Task<Dictionary<long, ListingSnapshot>> SnapshotsAsync(DateOnly date) => QueryAsync(db =>
        db.ListingSnapshots.AsNoTracking().Where(snapshot => snapshot.Date == date).ToDictionaryAsync(snapshot => snapshot.ListingId));

    private Task<List<DailyListingTotals>> TotalsAsync(DateOnly date) => QueryAsync(db =>
        db.DailyListingTotals.AsNoTracking().Where(totals => totals.Date == date).ToListAsync());

    [Fact]
    public async Task Collect_writes_one_row_per_listing_active_at_the_days_end()
    {
        var active = await ListAsync(listing => (listing.Price, listing.Quantity, listing.Currency) = (12.50m, 3, "EUR"));
        await ListAsync(listing => listing.ListedAt = DayStart.AddDays(1).AddMinutes(5));
        await ListAsync(listing => (listing.Status, listing.ListedAt) = (ListingStatus.Draft, null));
        await ListAsync(listing => (listing.Status, listing.EndedAt) = (ListingStatus.Ended, DayStart.AddDays(-10)));

        var report = await Snapshotter.CollectAsync(Day);

        Assert.Equal((Day, 1, 1, 0, 1), (report.Date, report.Snapshots, report.ActiveListings, report.Replaced, report.Totals));
        var row = Assert.Single(await SnapshotsAsync(Day)).Value;
        Assert.Equal(active, row.ListingId);
        Assert.Equal((ListingStatus.Active, 12.50m, "EUR", 3), (row.Status, row.Price, row.Currency, row.Quantity));
        Assert.Equal((2, 100, 1000, 0), (row.Watchers, row.ViewsTotal, row.ImpressionsTotal, row.SoldTotal));
    }

    [Fact]
    public async Task A_listing_that_ended_or_sold_during_the_day_is_recorded_with_the_days_sale()
    {
        var sold = await ListAsync(listing => listing.QuantitySold = 2);
        var ended = await ListAsync(listing => (listing.Status, listing.EndedAt) = (ListingStatus.Ended, DayStart.AddHours(10)));
        var soldAfterMidnight = await ListAsync(listing => (listing.Status, listing.EndedAt, listing.Quantity, listing.QuantitySold) =
            (ListingStatus.Sold, DayStart.AddDays(1).AddMinutes(5), 0, 1));
        await ListAsync(listing => (listing.Status, listing.EndedAt) = (ListingStatus.Ended, DayStart.AddMinutes(-1)));
        await Snapshotter.CollectAsync(Day.AddDays(-1));
        await UpdateAsync(sold, listing => (listing.Status, listing.EndedAt, listing.Quantity, listing.QuantitySold) =
            (ListingStatus.Sold, DayStart.AddHours(15), 0, 3));

        var report = await Snapshotter.CollectAsync(Day);

        var rows = await SnapshotsAsync(Day);
        Assert.Equal([sold, ended, soldAfterMidnight], rows.Keys.Order());
        Assert.Equal((ListingStatus.Sold, 1, 3, 0), (rows[sold].Status, rows[sold].UnitsSold, rows[sold].SoldTotal, rows[sold].Quantity));
        Assert.Equal((ListingStatus.Ended, 0), (rows[ended].Status, rows[ended].UnitsSold));
        // It sold five minutes after the day ended: at the day's end it was still for sale.
        Assert.Equal(ListingStatus.Active, rows[soldAfterMidnight].Status);
        Assert.Equal((3, 1), (report.Snapshots, report.ActiveListings));
        var totals = Assert.Single(await TotalsAsync(Day));
        Assert.Equal((1, 1, 10.00m), (totals.ActiveListings, totals.UnitsSold, totals.Revenue));
    }

    [Fact]
    public async Task A_rerun_replaces_the_day_with_new_values_and_never_duplicates()
    {
        var first = await ListAsync();
        await ListAsync();
        await ListAsync();
        await Snapshotter.CollectAsync(Day.AddDays(-1));
        await Snapshotter.CollectAsync(Day);
        await UpdateAsync(first, listing => (listing.Price, listing.Quantity, listing.Watchers, listing.Views) = (8.25m, 4, 9, 160));

        var again = await Snapshotter.CollectAsync(Day);

        Assert.Equal((3, 3, 3), (again.Snapshots, again.ActiveListings, again.Replaced));
        var rows = await SnapshotsAsync(Day);
        Assert.Equal(3, rows.Count);
        Assert.Equal((8.25m, 4, 9, 160, 60), (rows[first].Price, rows[first].Quantity, rows[first].Watchers, rows[first].ViewsTotal, rows[first].Views));
        Assert.Equal(3, await QueryAsync(db => db.ListingSnapshots.CountAsync(snapshot => snapshot.Date == Day)));
        Assert.Equal(3, (await SnapshotsAsync(Day.AddDays(-1))).Count);
        var totals = Assert.Single(await TotalsAsync(Day));
        Assert.Equal((3, 8.25m * 4 + 10m + 10m, 60, 9 + 2 + 2), (totals.ActiveListings, totals.ListedValue, totals.Views, totals.Watchers));
    }

    [Fact]
    public async Task The_days_counts_are_the_lifetime_counters_less_the_latest_earlier_snapshot()
    {
        var listing = await ListAsync(listing => listing.QuantitySold = 1);
        var reset = await ListAsync(listing => listing.Views = 50);
        await Snapshotter.CollectAsync(Day.AddDays(-2));
        await UpdateAsync(listing, listing => (listing.Views, listing.Impressions, listing.QuantitySold, listing.Watchers) = (130, 1500, 3, 5));
        await UpdateAsync(reset, listing => listing.Views = 20);

        await Snapshotter.CollectAsync(Day);

        // The day before was never collected: the counts run from the snapshot two days before.
        var rows = await SnapshotsAsync(Day);
        var row = rows[listing];
        Assert.Equal((30, 500, 2, 5), (row.Views, row.Impressions, row.UnitsSold, row.Watchers));
        Assert.Equal((130, 1500, 3), (row.ViewsTotal, row.ImpressionsTotal, row.SoldTotal));
        // A counter that went down was reset by the marketplace: that day has no data, never a negative count.
        Assert.Equal(((int?)null, 20), (rows[reset].Views, rows[reset].ViewsTotal));
        Assert.Equal((int?)0, rows[reset].Impressions);

        // A day filled in later is measured against the snapshot before it, not the one after.
        await Snapshotter.CollectAsync(Day.AddDays(-1));
        Assert.Equal((30, 2), ((await SnapshotsAsync(Day.AddDays(-1)))[listing].Views, (await SnapshotsAsync(Day.AddDays(-1)))[listing].UnitsSold));
    }

    [Fact]
    public async Task Without_an_earlier_snapshot_views_are_no_data_unless_the_listing_was_listed_that_day()
    {
        var old = await ListAsync(listing => listing.QuantitySold = 4);
        var listedThatDay = await ListAsync(listing => (listing.ListedAt, listing.Views, listing.Impressions, listing.QuantitySold) =
            (DayStart.AddHours(9), 40, 300, 1));

        await Snapshotter.CollectAsync(Day);

        var rows = await SnapshotsAsync(Day);
        Assert.Equal(((int?)null, (int?)null, 0, 4), (rows[old].Views, rows[old].Impressions, rows[old].UnitsSold, rows[old].SoldTotal));
        Assert.Equal((100, 1000), (rows[old].ViewsTotal, rows[old].ImpressionsTotal));
        // Listed that day: everything it ever had, it had that day.
        Assert.Equal(((int?)40, (int?)300, 1), (rows[listedThatDay].Views, rows[listedThatDay].Impressions, rows[listedThatDay].UnitsSold));
        var totals = Assert.Single(await TotalsAsync(Day));
        Assert.Equal(((int?)40, (int?)300, 1), (totals.Views, totals.Impressions, totals.UnitsSold));
    }

    [Fact]
    public async Task Counters_a_marketplace_does_not_report_stay_null_as_no_data()
    {
        var etsy = await ListAsync(listing => (listing.Marketplace, listing.Views, listing.Impressions, listing.Watchers) = (Marketplace.Etsy, null, null, null));
        var demoWithout = await ListAsync(listing => (listing.Views, listing.Impressions) = (null, null));
        await ListAsync();
        await Snapshotter.CollectAsync(Day.AddDays(-1));
        await UpdateAsync(etsy, listing => listing.QuantitySold = 1);

        await Snapshotter.CollectAsync(Day);

        var rows = await SnapshotsAsync(Day);
        var row = rows[etsy];
        Assert.Equal(((int?)null, (int?)null, (int?)null, (int?)null, (int?)null), (row.Views, row.Impressions, row.Watchers, row.ViewsTotal, row.ImpressionsTotal));
        Assert.Equal((1, 1), (row.UnitsSold, row.SoldTotal));
        Assert.Null(rows[demoWithout].Views);
        var totals = (await TotalsAsync(Day)).ToDictionary(totals => totals.Marketplace);
        Assert.Equal(((int?)null, (int?)null, (int?)null, 1, 1), (totals[Marketplace.Etsy].Views, totals[Marketplace.Etsy].Impressions,
            totals[Marketplace.Etsy].Watchers, totals[Marketplace.Etsy].ActiveListings, totals[Marketplace.Etsy].UnitsSold));
        // Demo sums the listings that report: one reports views (0 that day), both report watchers.
        Assert.Equal(((int?)0, (int?)0, (int?)4), (totals[Marketplace.Demo].Views, totals[Marketplace.Demo].Impressions, totals[Marketplace.Demo].Watchers));
    }

    [Fact]
    public async Task Daily_totals_are_exact_decimal_sums_per_marketplace_and_currency()
    {
        // Ten dimes and a fifth sum to 0.9999999999999999 and worse in floating point.
        var dimes = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            dimes.Add(await ListAsync(listing => (listing.Price, listing.Quantity) = (0.10m, 1)));
        }
        var fifth = await ListAsync(listing => (listing.Price, listing.Quantity) = (0.20m, 1));
        var large = await ListAsync(listing => (listing.Price, listing.Quantity) = (1234567890123.45m, 7));
        await ListAsync(listing => (listing.Price, listing.Quantity, listing.Currency) = (5.55m, 2, "EUR"));
        await ListAsync(listing => (listing.Marketplace, listing.Price, listing.Quantity) = (Marketplace.Ebay, 19.99m, 3));
        var soldOnEbay = await ListAsync(listing => (listing.Marketplace, listing.Price, listing.Quantity) = (Marketplace.Ebay, 7.77m, 1));
        await Snapshotter.CollectAsync(Day.AddDays(-1));
        await UpdateAsync(dimes[0], listing => listing.QuantitySold = 3);
        await UpdateAsync(dimes[1], listing => listing.QuantitySold = 1);
        await UpdateAsync(fifth, listing => listing.QuantitySold = 1);
        await UpdateAsync(large, listing => listing.QuantitySold = 2);
        await UpdateAsync(soldOnEbay, listing => (listing.Status, listing.EndedAt, listing.Quantity, listing.QuantitySold) =
            (ListingStatus.Sold, DayStart.AddHours(15), 0, 1));

        var report = await Snapshotter.CollectAsync(Day);

        var totals = (await TotalsAsync(Day)).ToDictionary(totals => (totals.Marketplace, totals.Currency));
        Assert.Equal(3, report.Totals);
        Assert.Equal(3, totals.Count);
        var usd = totals[(Marketplace.Demo, "USD")];
        Assert.Equal((12, 7), (usd.ActiveListings, usd.UnitsSold));
        Assert.Equal(1.20m + 1234567890123.45m * 7, usd.ListedValue);
        Assert.Equal(0.60m + 1234567890123.45m * 2, usd.Revenue);
        var eur = totals[(Marketplace.Demo, "EUR")];
        Assert.Equal((1, 11.10m, 0m), (eur.ActiveListings, eur.ListedValue, eur.Revenue));
        // The listing that sold out during the day counts in the day's revenue, not in what is still listed.
        var ebay = totals[(Marketplace.Ebay, "USD")];
        Assert.Equal((1, 59.97m, 1, 7.77m), (ebay.ActiveListings, ebay.ListedValue, ebay.UnitsSold, ebay.Revenue));
    }

    [Fact]
    public async Task Today_may_be_collected_but_not_a_day_that_has_not_begun()
    {
        await ListAsync();

        Assert.Equal(1, (await Snapshotter.CollectAsync(Day.AddDays(1))).Snapshots);
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Snapshotter.CollectAsync(Day.AddDays(2)));
        Assert.Contains("2026-11-23 is in the future", error.Message);
    }

    [Fact]
    public async Task The_daily_job_collects_yesterday_at_ten_past_midnight()
    {
        await ListAsync();
        var entry = host.Services.GetRequiredService<JobCatalog>().Get("listing-snapshots");
        Assert.Equal(("0 10 0 * * ?", true), (entry.Cron, entry.Definition.RecoverAfterCrash));

        await using var scope = host.Services.CreateAsyncScope();
        var run = new JobRun { JobId = "listing-snapshots", Node = "test" };
        var summary = await scope.ServiceProvider.GetRequiredService<ListingSnapshotWork>().RunAsync(new JobRunContext(run, clock), CancellationToken.None);

        Assert.StartsWith("collected 1 snapshot for 2026-11-21", summary);
        Assert.Single(await SnapshotsAsync(Day));
    }
}
