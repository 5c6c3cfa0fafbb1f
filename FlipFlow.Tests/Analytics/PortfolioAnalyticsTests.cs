using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Analytics;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using FlipFlow.Domain.Snapshots;
using FlipFlow.Domain.Products;

namespace FlipFlow.Tests.Analytics;

/// <summary><see cref="PortfolioAnalytics"/> over hand-made listings, snapshots, sales and daily totals on a real database.</summary>
[Trait("Category", "Integration")]
public sealed class PortfolioAnalyticsTests : IAsyncLifetime
{
    private static readonly DateOnly Day1 = new(2026, 11, 1);
    private static readonly DateOnly Day2 = new(2026, 11, 2);
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);
    private TestDatabase database = default!;
    private IHost host = default!;
    private int products;

    private PortfolioAnalytics Analytics => host.Services.GetRequiredService<PortfolioAnalytics>();

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        host = TestHost.Build(database, new ManualClock(Now));
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await database.DisposeAsync();
    }

    private async Task<T> WriteAsync<T>(Func<FlipFlowDbContext, T> add)
    {
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>().CreateDbContextAsync();
        var result = add(db);
        await db.SaveChangesAsync();
        return result;
    }

    private Task<Listing> ListAsync(Marketplace marketplace, decimal price, int quantity, ListingStatus status, DateTimeOffset listedAt, string? title = null) =>
        WriteAsync(db =>
        {
            var number = ++products;
            var listing = new Listing
            {
                Product = new Product { Sku = $"AN-{number:D3}", Title = title ?? $"Card {number}", Price = price, Quantity = quantity, CreatedAt = Now, UpdatedAt = Now },
                Marketplace = marketplace,
                RemoteId = $"r-{number}",
                Status = status,
                Price = price,
                Currency = "USD",
                Quantity = quantity,
                ListedAt = listedAt,
                CreatedAt = Now,
                UpdatedAt = Now,
            };
            db.Listings.Add(listing);
            return listing;
        });

    private async Task SeedAsync()
    {
        await WriteAsync(db =>
        {
            db.DailyListingTotals.AddRange(
                new DailyListingTotals { Date = Day1, Marketplace = Marketplace.Demo, Currency = "USD", ActiveListings = 3, Views = 100, Watchers = 4, UnitsSold = 2, Revenue = 20.50m, ListedValue = 300.00m },
                new DailyListingTotals { Date = Day1, Marketplace = Marketplace.Ebay, Currency = "USD", ActiveListings = 2, Views = null, Watchers = null, UnitsSold = 1, Revenue = 9.99m, ListedValue = 50.00m },
                new DailyListingTotals { Date = Day2, Marketplace = Marketplace.Demo, Currency = "USD", ActiveListings = 2, Views = 60, Watchers = 5, UnitsSold = 1, Revenue = -3.50m, ListedValue = 280.00m },
                new DailyListingTotals { Date = Day2, Marketplace = Marketplace.Etsy, Currency = "EUR", ActiveListings = 1, Views = 40, Watchers = 1, UnitsSold = 0, Revenue = 0m, ListedValue = 12.25m },
                // Outside the range: left out.
                new DailyListingTotals { Date = Day2.AddDays(1), Marketplace = Marketplace.Demo, Currency = "USD", ActiveListings = 9, Views = 999, UnitsSold = 9, Revenue = 99m, ListedValue = 9m });
            return 0;
        });
        var listedAt = new DateTimeOffset(2026, 10, 22, 0, 0, 0, TimeSpan.Zero);
        var a = await ListAsync(Marketplace.Demo, 12.50m, 2, ListingStatus.Active, listedAt);
        var b = await ListAsync(Marketplace.Demo, 3.33m, 3, ListingStatus.Active, listedAt);
        var sold = await ListAsync(Marketplace.Demo, 20m, 0, ListingStatus.Sold, listedAt);
        var ebay = await ListAsync(Marketplace.Ebay, 7m, 1, ListingStatus.Active, listedAt);
        await WriteAsync(db =>
        {
            db.ListingSnapshots.AddRange(
                new ListingSnapshot { ListingId = a.Id, Date = Day2, Price = 12.50m, Quantity = 2, Status = ListingStatus.Active, Views = 7, Watchers = 2 },
                new ListingSnapshot { ListingId = b.Id, Date = Day2, Price = 3.33m, Quantity = 3, Status = ListingStatus.Active },
                new ListingSnapshot { ListingId = sold.Id, Date = Day2, Price = 20m, Quantity = 0, Status = ListingStatus.Sold, UnitsSold = 1 },
                new ListingSnapshot { ListingId = a.Id, Date = Day1, Price = 13m, Quantity = 2, Status = ListingStatus.Active, Views = 5, Watchers = 1 },
                new ListingSnapshot { ListingId = ebay.Id, Date = Day2, Price = 7m, Quantity = 1, Status = ListingStatus.Active });
            // Sales 10, 11 and 12 days after listing on Demo; eBay's 10 days after its listing; one before the range.
            db.ListingEvents.AddRange(
                new ListingEvent { ListingId = sold.Id, Kind = ListingEventKind.Sold, Quantity = 1, Amount = 20m, Currency = "USD", At = listedAt.AddDays(10) },
                new ListingEvent { ListingId = a.Id, Kind = ListingEventKind.Sold, Quantity = 1, Amount = 12.5m, Currency = "USD", At = listedAt.AddDays(11) },
                new ListingEvent { ListingId = b.Id, Kind = ListingEventKind.Sold, Quantity = 1, Amount = 3.33m, Currency = "USD", At = listedAt.AddDays(11).AddHours(23) },
                new ListingEvent { ListingId = ebay.Id, Kind = ListingEventKind.Sold, Quantity = 1, Amount = 7m, Currency = "USD", At = listedAt.AddDays(10) },
                new ListingEvent { ListingId = a.Id, Kind = ListingEventKind.Sold, Quantity = 1, Amount = 12.5m, Currency = "USD", At = listedAt.AddDays(1) });
            return 0;
        });
    }

    [Fact]
    public async Task The_summary_adds_up_the_range()
    {
        await SeedAsync();

        var all = await Analytics.SummaryAsync(new AnalyticsRange(Day1, Day2));
        var demo = await Analytics.SummaryAsync(new AnalyticsRange(Day1, Day2, Marketplace.Demo));

        // Value: 12.50 × 2 + 3.33 × 3 + 7 × 1. Units at the end (Day2): 2 + 3 + 1 active. Sold: 2 + 1 + 1 + 0.
        Assert.Equal([new MoneyTotal("USD", 41.99m)], all.PortfolioValue);
        Assert.Equal((3, 4, 6, 200), (all.ActiveListings, all.UnitsSold, all.UnitsActiveAtEnd, all.Views));
        Assert.Equal(0.4m, all.SellThroughRate);
        Assert.Equal(0.02m, all.ViewsToSaleConversion);
        // Days to sell: 10 (eBay), 10, 11, 11.958…: the median is 10.5.
        Assert.Equal(10.5, all.MedianDaysToSell!.Value, 6);
        Assert.Equal([new MoneyTotal("EUR", 0m), new MoneyTotal("USD", 26.99m)], all.Revenue);

        Assert.Equal([new MoneyTotal("USD", 34.99m)], demo.PortfolioValue);
        Assert.Equal((2, 3, 5, 160), (demo.ActiveListings, demo.UnitsSold, demo.UnitsActiveAtEnd, demo.Views));
        Assert.Equal(0.375m, demo.SellThroughRate);
        Assert.Equal(11, demo.MedianDaysToSell!.Value, 6);
        Assert.Equal(3m / 160m, demo.ViewsToSaleConversion);
    }

    [Fact]
    public async Task The_portfolio_series_sums_marketplaces_per_day_and_currency_and_keeps_no_data_apart_from_zero()
    {
        await SeedAsync();

        var days = await Analytics.PortfolioSeriesAsync(new AnalyticsRange(Day1, Day2));
        var ebayOnly = await Analytics.PortfolioSeriesAsync(new AnalyticsRange(Day1, Day2, Marketplace.Ebay));

        Assert.Equal(
        [
            new PortfolioDay(Day1, "USD", 5, 100, 4, 3, 30.49m, 350m),
            new PortfolioDay(Day2, "EUR", 1, 40, 1, 0, 0m, 12.25m),
            new PortfolioDay(Day2, "USD", 2, 60, 5, 1, -3.50m, 280m),
        ], days);
        Assert.Equal([new PortfolioDay(Day1, "USD", 2, null, null, 1, 9.99m, 50m)], ebayOnly);
        var empty = await Analytics.SummaryAsync(new AnalyticsRange(Day1.AddDays(-30), Day1.AddDays(-20), Marketplace.Etsy));
        Assert.Equal((0, 0, (decimal?)null, (double?)null, (decimal?)null), (empty.UnitsSold, empty.UnitsActiveAtEnd, empty.SellThroughRate, empty.MedianDaysToSell, empty.ViewsToSaleConversion));
    }

    [Fact]
    public async Task A_listing_trend_has_its_days_history_and_offers_and_the_picker_finds_it_by_sku_or_title()
    {
        await SeedAsync();
        var found = await Analytics.FindListingsAsync("an-001");
        var listingId = Assert.Single(found).Id;
        await WriteAsync(db =>
        {
            db.ListingOffers.Add(new ListingOffer { ListingId = listingId, Price = 11.25m, Currency = "USD", DiscountPercent = 10m, Watchers = 2, SentBy = "op", SentAt = Now });
            return 0;
        });

        var trend = await Analytics.ListingTrendAsync(listingId, Day1, Day2);

        Assert.NotNull(trend);
        Assert.Equal(("AN-001", 12.50m), (trend.Listing.Sku, trend.Listing.Price));
        Assert.Equal([(Day1, 13m, (int?)5), (Day2, 12.50m, (int?)7)], trend.Days.Select(day => (day.Date, day.Price, day.Views)));
        Assert.Equal(2, trend.Events.Count);
        Assert.Equal(11.25m, Assert.Single(trend.Offers).Price);
        Assert.Equal(4, (await Analytics.FindListingsAsync("card")).Count);
        Assert.Null(await Analytics.ListingTrendAsync(999_999, Day1, Day2));
    }

    [Fact]
    public async Task The_csv_exports_neutralise_formulas_and_keep_numbers_as_numbers()
    {
        await SeedAsync();
        var listing = await ListAsync(Marketplace.Demo, 5.00m, 1, ListingStatus.Active, Now.AddDays(-40), title: "=cmd|' /C calc'!A0");
        await WriteAsync(db =>
        {
            db.ListingSnapshots.Add(new ListingSnapshot { ListingId = listing.Id, Date = Day1, Price = 5.00m, Quantity = 1, Status = ListingStatus.Active, Views = 3 });
            return 0;
        });

        var portfolio = new StringWriter();
        await Analytics.WritePortfolioCsvAsync(new AnalyticsRange(Day1, Day2, Marketplace.Demo), portfolio);
        var listingCsv = new StringWriter();
        var written = await Analytics.WriteListingCsvAsync(listing.Id, Day1, Day2, listingCsv);

        var portfolioLines = portfolio.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Date,Marketplace,Currency,Active listings,Views,Watchers,Units sold,Revenue,Listed value", portfolioLines[0]);
        Assert.Equal("2026-11-01,Demo,USD,3,100,4,2,20.50,300.00", portfolioLines[1]);
        Assert.Equal("2026-11-02,Demo,USD,2,60,5,1,-3.50,280.00", portfolioLines[2]);
        Assert.True(written);
        var listingLines = listingCsv.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"2026-11-01,{listing.Id},AN-005,'=cmd|' /C calc'!A0,Demo,Active,5.00,USD,1,3,,0", listingLines[1]);
        Assert.False(await Analytics.WriteListingCsvAsync(999_999, Day1, Day2, new StringWriter()));
    }

    [Fact]
    public async Task A_relisted_listing_carries_the_days_history_and_offers_of_the_ones_it_replaced_links_both_ways_and_an_ended_one_shows_no_zombie_score()
    {
        // first (ended day 1) was relisted as second (ended day 2), relisted as third (live); another product's listing stays apart.
        var first = await ListAsync(Marketplace.Demo, 15m, 1, ListingStatus.Ended, Now.AddDays(-100));
        Listing Relist(Listing old, ListingStatus status, decimal price, int? zombieScore) => new()
        {
            ProductId = old.ProductId, Marketplace = Marketplace.Demo, Status = status, Price = price, Quantity = 1, ReplacesListingId = old.Id,
            ListedAt = Now.AddDays(-30), ZombieScore = zombieScore, CreatedAt = Now, UpdatedAt = Now,
        };
        var second = await WriteAsync(db => db.Listings.Add(Relist(first, ListingStatus.Ended, 13m, 88)).Entity);
        var third = await WriteAsync(db => db.Listings.Add(Relist(second, ListingStatus.Active, 12m, 70)).Entity);
        var other = await ListAsync(Marketplace.Demo, 9m, 1, ListingStatus.Active, Now.AddDays(-100));
        await WriteAsync(db =>
        {
            ListingSnapshot Day(Listing listing, DateOnly date, int? views, int sold, decimal price, ListingStatus status) => new()
            {
                ListingId = listing.Id, Date = date, Views = views, UnitsSold = sold, Price = price, Quantity = 1, Status = status,
            };
            db.ListingSnapshots.AddRange(
                Day(first, Day1, 4, 1, 15m, ListingStatus.Ended), Day(second, Day1, 2, 0, 13m, ListingStatus.Active),
                Day(second, Day2, null, 0, 13m, ListingStatus.Ended), Day(third, Day2, 6, 2, 12m, ListingStatus.Active),
                Day(other, Day1, 50, 5, 9m, ListingStatus.Active));
            db.ListingEvents.AddRange(
                new ListingEvent { ListingId = first.Id, Kind = ListingEventKind.Sold, Quantity = 1, At = Now.AddDays(-3) },
                new ListingEvent { ListingId = third.Id, Kind = ListingEventKind.Sold, Quantity = 2, At = Now.AddDays(-1) },
                new ListingEvent { ListingId = other.Id, Kind = ListingEventKind.Sold, Quantity = 5, At = Now.AddDays(-2) });
            db.ListingOffers.Add(new ListingOffer { ListingId = second.Id, Price = 12m, DiscountPercent = 5m, Watchers = 1, SentBy = "op", SentAt = Now.AddDays(-2) });
            return 0;
        });

        var latest = (await Analytics.ListingTrendAsync(third.Id, Day1, Day2))!;
        var middle = (await Analytics.ListingTrendAsync(second.Id, Day1, Day2))!;
        var oldest = (await Analytics.ListingTrendAsync(first.Id, Day1, Day2))!;

        // On the day of a relist the two listings' views and sales add up, and the price is the newer listing's.
        Assert.Equal([(Day1, (int?)6, 1, 13m, ListingStatus.Active), (Day2, (int?)6, 2, 12m, ListingStatus.Active)],
            latest.Days.Select(day => (day.Date, day.Views, day.UnitsSold, day.Price, day.Status)));
        Assert.Equal([third.Id, first.Id], latest.Events.Select(change => change.ListingId));
        Assert.Equal(second.Id, Assert.Single(latest.Offers).ListingId);
        Assert.Equal([(Day1, (int?)6), (Day2, (int?)null)], middle.Days.Select(day => (day.Date, day.Views)));
        Assert.Equal([(Day1, (int?)4)], oldest.Days.Select(day => (day.Date, day.Views)));

        Assert.Equal((second.Id, (long?)null), (latest.Listing.ReplacesListingId, latest.Listing.ReplacedByListingId));
        Assert.Equal((first.Id, third.Id), (middle.Listing.ReplacesListingId, middle.Listing.ReplacedByListingId));
        Assert.Equal(((long?)null, second.Id), (oldest.Listing.ReplacesListingId, oldest.Listing.ReplacedByListingId));
        Assert.Equal(70, latest.Listing.ZombieScore);
        Assert.Null(middle.Listing.ZombieScore);
    }
}
