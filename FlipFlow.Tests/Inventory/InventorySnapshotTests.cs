using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Inventory;
using FlipFlow.Domain.Market;
using FlipFlow.Domain.Sellers;
using FlipFlow.Infrastructure.Catalog;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Inventory;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlipFlow.Tests.Inventory;

/// <summary>The daily inventory snapshot on a real database: its sums, a rerun, mixed currencies, retention, and the viewer's queries.</summary>
[Trait("Category", "Integration")]
public sealed class InventorySnapshotTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = DateOnly.FromDateTime(Start.UtcDateTime);
    private readonly ManualClock clock = new(Start);
    private TestDatabase database = default!;
    private IHost host = default!;
    private long alpha;
    private long beta;
    private int card143;
    private int card200;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        host = TestHost.Build(database, clock, settings: new Dictionary<string, string?> { ["InventorySnapshots:DailyDays"] = "30" });
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        await host.Services.GetRequiredService<CardCatalog>().SeedAsync();
        await using var db = await Contexts.CreateDbContextAsync();
        var sellers = new[] { Seller("alpha"), Seller("beta") };
        db.Sellers.AddRange(sellers);
        await db.SaveChangesAsync();
        (alpha, beta) = (sellers[0].Id, sellers[1].Id);
        card143 = await db.Cards.Where(card => card.Number == "143/401").Select(card => card.Id).FirstAsync();
        card200 = await db.Cards.Where(card => card.Number == "200/401").Select(card => card.Id).FirstAsync();
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await database.DisposeAsync();
    }

    private IDbContextFactory<FlipFlowDbContext> Contexts => host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>();

    private InventorySnapshotter Snapshotter => host.Services.GetRequiredService<InventorySnapshotter>();

    private static Seller Seller(string name) => new()
    {
        Platform = MarketPlatform.Ebay, PlatformSellerId = name, DisplayName = name, FirstSeenAt = Start, LastSeenAt = Start,
    };

    private async Task HoldAsync(params (long Seller, int Card, string Treatment, string Listing, int Quantity, decimal? Price, string Currency)[] items)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        db.InventoryItems.AddRange(items.Select(item => new InventoryItem
        {
            SellerId = item.Seller, CardId = item.Card, Treatment = item.Treatment, ListingId = item.Listing, Sku = "", Quantity = item.Quantity,
            Price = item.Price, Currency = item.Currency, ListedAt = Start, UpdatedAt = Start, LastVerifiedAt = Start,
        }));
        await db.SaveChangesAsync();
    }

    private async Task<List<string>> SnapshotsAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync();
        return (await db.InventorySnapshots.AsNoTracking().ToListAsync())
            .OrderBy(row => row.Date).ThenBy(row => row.SellerId).ThenBy(row => row.CardId).ThenBy(row => row.Treatment, StringComparer.Ordinal)
            .Select(row => $"{row.Date:yyyy-MM-dd} {(row.SellerId == alpha ? "alpha" : "beta")} {(row.CardId == card143 ? "143" : "200")} {row.Treatment}: " +
                $"{row.Items} items, {row.Quantity} units, {row.Currency ?? "-"} {row.AveragePrice?.ToString("0.00") ?? "-"} " +
                $"{row.LowestPrice?.ToString("0.00") ?? "-"}..{row.HighestPrice?.ToString("0.00") ?? "-"}")
            .ToList();
    }

    [Fact]
    public async Task A_day_sums_each_sellers_items_per_card_and_treatment_and_a_rerun_replaces_it()
    {
        await HoldAsync(
            (alpha, card143, Treatments.ClassicPaper, "a1", 3, 10.00m, "USD"),
            (alpha, card143, Treatments.ClassicPaper, "a2", 2, 12.50m, "USD"),
            (alpha, card143, Treatments.ClassicPaper, "a3", 4, null, "USD"),
            (alpha, card143, Treatments.ClassicFoil, "a4", 1, 9.99m, "USD"),
            (beta, card143, Treatments.ClassicPaper, "b1", 5, 8.00m, "USD"),
            (beta, card200, "", "b2", 1, 100.00m, "USD"),
            (beta, card200, "", "b3", 2, 2.00m, "USD"));

        var first = await Snapshotter.TakeAsync(Today);

        // alpha's Classic Paper: 3 + 2 + 4 units over 3 items; the one without a price is left out of the prices: (10.00 + 12.50) / 2 = 11.25.
        // beta's 200 without treatment: 100.00 and 2.00 compare as numbers (as text "2.00" would sort above "100.00").
        Assert.Equal(
        [
            "2026-12-01 alpha 143 Classic Foil: 1 items, 1 units, USD 9.99 9.99..9.99",
            "2026-12-01 alpha 143 Classic Paper: 3 items, 9 units, USD 11.25 10.00..12.50",
            "2026-12-01 beta 143 Classic Paper: 1 items, 5 units, USD 8.00 8.00..8.00",
            "2026-12-01 beta 200 : 2 items, 3 units, USD 51.00 2.00..100.00",
        ], await SnapshotsAsync());
        Assert.Equal((4, 0), (first.Rows, first.Replaced));

        await using (var db = await Contexts.CreateDbContextAsync())
        {
            await db.InventoryItems.Where(item => item.ListingId == "a4").ExecuteDeleteAsync();
        }
        var again = await Snapshotter.TakeAsync(Today);

        Assert.Equal((3, 4), (again.Rows, again.Replaced));
        Assert.Equal(3, (await SnapshotsAsync()).Count);
    }

    [Fact]
    public async Task Prices_in_more_than_one_currency_leave_the_rows_prices_empty_and_items_without_any_price_have_none()
    {
        await HoldAsync(
            (alpha, card143, Treatments.ClassicPaper, "a1", 1, 10.00m, "USD"),
            (alpha, card143, Treatments.ClassicPaper, "a2", 1, 9.00m, "EUR"),
            (beta, card143, Treatments.ClassicPaper, "b1", 2, null, "USD"));

        await Snapshotter.TakeAsync(Today);

        Assert.Equal(
        [
            "2026-12-01 alpha 143 Classic Paper: 2 items, 2 units, - - -..-",
            "2026-12-01 beta 143 Classic Paper: 1 items, 2 units, - - -..-",
        ], await SnapshotsAsync());
    }

    [Fact]
    public async Task Taking_a_day_keeps_the_window_daily_and_one_day_a_month_before_it_and_a_future_day_is_refused()
    {
        await HoldAsync((alpha, card143, Treatments.ClassicPaper, "a1", 1, 10.00m, "USD"));
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            // Days taken before, as the nightly job left them. Thirty days are kept daily (the test's setting): from 2026-11-01 on.
            db.InventorySnapshots.AddRange(new[] { "2026-09-10", "2026-09-20", "2026-10-05", "2026-10-31", "2026-11-01", "2026-11-15" }
                .Select(day => new InventorySnapshot { Date = DateOnly.Parse(day), SellerId = alpha, CardId = card143, Treatment = Treatments.ClassicPaper, Items = 1, Quantity = 1 }));
            await db.SaveChangesAsync();
        }

        var report = await Snapshotter.TakeAsync(Today);

        Assert.Equal((2, 2), (report.DaysPruned, report.RowsPruned));
        Assert.Equal(["2026-09-20", "2026-10-31", "2026-11-01", "2026-11-15", "2026-12-01"], (await SnapshotsAsync()).Select(row => row[..10]).ToList());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Snapshotter.TakeAsync(Today.AddDays(1)));
    }

    [Fact]
    public async Task The_history_filters_by_seller_card_and_treatment_sums_the_trend_per_treatment_and_pages_in_order()
    {
        await HoldAsync(
            (alpha, card143, Treatments.ClassicPaper, "a1", 3, 10.00m, "USD"),
            (alpha, card143, Treatments.ClassicFoil, "a2", 1, 20.00m, "USD"),
            (beta, card143, Treatments.ClassicPaper, "b1", 5, 8.00m, "USD"),
            (beta, card200, Treatments.ClassicPaper, "b2", 7, 1.00m, "USD"));
        await Snapshotter.TakeAsync(Today.AddDays(-1));
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            await db.InventoryItems.Where(item => item.ListingId == "b1").ExecuteUpdateAsync(set => set.SetProperty(item => item.Quantity, 2));
        }
        await Snapshotter.TakeAsync(Today);
        var history = host.Services.GetRequiredService<InventoryHistory>();
        var range = new InventoryHistoryFilter(Today.AddDays(-7), Today);

        var trend = await history.TrendAsync(range with { Card = "143" });
        var (page, total) = await history.PageAsync(range with { Sort = InventoryHistorySort.Quantity, Descending = true }, 0, 3);
        var (alphas, alphaTotal) = await history.PageAsync(range with { SellerId = alpha, Treatment = Treatments.ClassicFoil }, 0, 10);

        Assert.Equal(["2026-11-30 Classic Foil 1", "2026-11-30 Classic Paper 8", "2026-12-01 Classic Foil 1", "2026-12-01 Classic Paper 5"],
            trend.Select(point => $"{point.Date:yyyy-MM-dd} {point.Treatment} {point.Quantity}").ToList());
        Assert.Equal(8, total);
        Assert.Equal([7, 7, 5], page.Select(row => row.Quantity).ToList());
        Assert.Equal([Today, Today.AddDays(-1)], page.Take(2).Select(row => row.Date).ToList());
        Assert.Equal(2, alphaTotal);
        Assert.All(alphas, row => Assert.Equal(("alpha", "143/401", Treatments.ClassicFoil), (row.SellerName, row.Number, row.Treatment)));
    }
}
