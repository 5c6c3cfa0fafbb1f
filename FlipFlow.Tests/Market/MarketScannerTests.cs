using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Market;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlipFlow.Tests.Market;

/// <summary><see cref="MarketScanner"/> on a real database over a small market whose figures are worked out by hand below.</summary>
[Trait("Category", "Integration")]
public sealed class MarketScannerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private TestDatabase database = default!;
    private IHost host = default!;
    private Card cardA = default!;
    private Card cardB = default!;
    private int next;

    private MarketScanner Scanner => host.Services.GetRequiredService<MarketScanner>();

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        host = TestHost.Build(database, new ManualClock(Now));
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        var cards = await MarketTestCards.SaveAsync(host.Services, 2);
        (cardA, cardB) = (cards[0], cards[1]);
        await host.Services.QueryAsync(async (FlipFlowDbContext db) =>
        {
            db.MarketListings.AddRange(
                // Card A in Classic Foil, USD: two actives, four sales in 30 days (10, 12, 14, 20), one sale before the window,
                // one ended listing and an active bulk lot that count for nothing.
                Listing(cardA, MarketListingStatus.Active, 15m, "s1"),
                Listing(cardA, MarketListingStatus.Active, 16m, "s2"),
                Listing(cardA, MarketListingStatus.Sold, 10m, "s1", soldDaysAgo: 13.5),
                Listing(cardA, MarketListingStatus.Sold, 12m, "s3", soldDaysAgo: 12),
                Listing(cardA, MarketListingStatus.Sold, 14m, "s3", soldDaysAgo: 20),
                Listing(cardA, MarketListingStatus.Sold, 20m, "s4", soldDaysAgo: 1),
                Listing(cardA, MarketListingStatus.Sold, 100m, "s5", soldDaysAgo: 40),
                Listing(cardA, MarketListingStatus.Ended, 9m, "s6"),
                Listing(cardA, MarketListingStatus.Active, 1m, "s7", bulk: true),
                // Card A in Classic Foil on Blokpax, in BPX: its own row.
                Listing(cardA, MarketListingStatus.Active, 40m, "0xabc", currency: "BPX", platform: MarketPlatform.Blokpax),
                Listing(cardA, MarketListingStatus.Sold, 50m, "0xdef", currency: "BPX", platform: MarketPlatform.Blokpax, soldDaysAgo: 3),
                // Card B, treatment unknown: one active, no sale.
                Listing(cardB, MarketListingStatus.Active, 5m, "s1", treatment: null),
                // Another game's listing: no card, no treatment.
                Listing(null, MarketListingStatus.Active, 900m, "s8", treatment: null),
                // A sealed box of this game, sold two days ago.
                Listing(null, MarketListingStatus.Sold, 120m, "s9", treatment: Treatments.Sealed, soldDaysAgo: 2, type: MarketProductType.Box,
                    subtype: "Collector Booster Box"));
            await db.SaveChangesAsync();
            return 0;
        });
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await database.DisposeAsync();
    }

    private readonly Dictionary<string, long> sellerIds = [];

    private MarketListing Listing(Card? card, MarketListingStatus status, decimal price, string seller, double? soldDaysAgo = null,
        string? treatment = Treatments.ClassicFoil, string currency = "USD", MarketPlatform platform = MarketPlatform.Ebay, bool bulk = false,
        MarketProductType type = MarketProductType.Single, string? subtype = null) => new()
    {
        Platform = platform,
        ExternalId = $"x{++next}",
        Title = $"listing {next}",
        Status = status,
        Price = price,
        Currency = currency,
        FirstSeenAt = Now.AddDays(-60),
        LastSeenAt = Now,
        SoldAt = soldDaysAgo is { } days ? Now.AddDays(-days) : null,
        SellerText = seller,
        SellerId = sellerIds.TryGetValue(seller, out var id) ? id : sellerIds[seller] = sellerIds.Count + 1,
        CardId = card?.Id,
        Treatment = treatment,
        ProductType = type,
        ProductSubtype = subtype,
        IsBulkLot = bulk,
    };

    [Fact]
    public async Task Each_card_treatment_and_currency_gets_its_hand_computed_figures()
    {
        var report = await Scanner.ReadAsync(new ScannerQuery());

        Assert.Equal(Now.AddDays(-30), report.From);
        Assert.Equal(Now, report.To);
        var usd = report.Rows.Single(row => row.CardId == cardA.Id && row.Currency == "USD");
        Assert.Equal(
            new ScannerRow(cardA.Id, cardA.Number, cardA.Name, cardA.Rarity, MarketProductType.Single, Treatments.ClassicFoil, "USD",
                Active: 2, Sales: 4, SellThrough: 0.6667m, MedianPrice: 13m, LastSalePrice: 20m, LastSaleAt: Now.AddDays(-1),
                Trend: new PriceTrend(11m, 20m, 0.8182m, Flagged: true), Sellers: 4, TooFewSales: false),
            usd);
        var bpx = report.Rows.Single(row => row.CardId == cardA.Id && row.Currency == "BPX");
        Assert.Equal((1, 1, 0.5m, 50m, true, (PriceTrend?)null), (bpx.Active, bpx.Sales, bpx.SellThrough, bpx.MedianPrice, bpx.TooFewSales, bpx.Trend));
        var unknown = report.Rows.Single(row => row.CardId == cardB.Id);
        Assert.Equal((null, 1, 0, 0m, (decimal?)null), (unknown.Treatment, unknown.Active, unknown.Sales, unknown.SellThrough, unknown.MedianPrice));
        var sealedBox = report.Rows.Single(row => row.CardId is null);
        Assert.Equal(("Collector Booster Box", MarketProductType.Box, Treatments.Sealed, 0, 1, 1m, 120m),
            (sealedBox.Name, sealedBox.ProductType, sealedBox.Treatment, sealedBox.Active, sealedBox.Sales, sealedBox.SellThrough, sealedBox.MedianPrice));
        Assert.Equal(4, report.Rows.Count);
        // The busiest first.
        Assert.Equal(usd, report.Rows[0]);
    }

    [Fact]
    public async Task Sellers_are_counted_by_seller_record_so_merged_sellers_count_once_and_a_listing_without_one_not_at_all()
    {
        await host.Services.QueryAsync(async (FlipFlowDbContext db) =>
        {
            // s3 merged into s2, and s4's text named no seller.
            await db.MarketListings.Where(listing => listing.SellerText == "s3")
                .ExecuteUpdateAsync(update => update.SetProperty(listing => listing.SellerId, sellerIds["s2"]));
            return await db.MarketListings.Where(listing => listing.SellerText == "s4")
                .ExecuteUpdateAsync(update => update.SetProperty(listing => listing.SellerId, (long?)null));
        });

        var usd = (await Scanner.ReadAsync(new ScannerQuery())).Rows.Single(row => row.CardId == cardA.Id && row.Currency == "USD");

        Assert.Equal(2, usd.Sellers);
    }

    [Fact]
    public async Task A_shorter_window_counts_only_its_sales_but_keeps_the_fourteen_day_trend()
    {
        var usd = (await Scanner.ReadAsync(new ScannerQuery(WindowDays: 7))).Rows.Single(row => row.CardId == cardA.Id && row.Currency == "USD");

        Assert.Equal((2, 1, 0.3333m, 20m, true), (usd.Active, usd.Sales, usd.SellThrough, usd.MedianPrice, usd.TooFewSales));
        Assert.Equal(0.8182m, usd.Trend!.Change);
    }

    [Fact]
    public async Task Filters_keep_one_rarity_treatment_product_type_or_platform()
    {
        async Task<string[]> Rows(ScannerQuery query) =>
            [.. (await Scanner.ReadAsync(query)).Rows.Select(row => $"{row.Name}/{row.Treatment}/{row.Currency}").Order()];

        Assert.Equal([$"{cardA.Name}/Classic Foil/BPX"], await Rows(new ScannerQuery(Platform: MarketPlatform.Blokpax)));
        Assert.Equal([$"{cardB.Name}//USD"], await Rows(new ScannerQuery(Rarity: cardB.Rarity)));
        Assert.Equal(["Collector Booster Box/Sealed/USD"], await Rows(new ScannerQuery(Treatment: Treatments.Sealed)));
        Assert.Equal(["Collector Booster Box/Sealed/USD"], await Rows(new ScannerQuery(ProductType: MarketProductType.Box)));
        Assert.Equal([$"{cardA.Name}/Classic Foil/BPX", $"{cardA.Name}/Classic Foil/USD"], await Rows(new ScannerQuery(CardId: cardA.Id)));
    }

    [Fact]
    public async Task A_bad_query_is_refused_field_by_field_with_what_would_do()
    {
        var problems = await Scanner.ProblemsAsync(new ScannerQuery(WindowDays: 0, Rarity: "Shiny", Treatment: "Gold Foil"));

        Assert.Equal("The window must be 1 to 365 days; 0 is not.", problems["window"]);
        Assert.StartsWith("'Gold Foil' is not a treatment; give one of Classic Paper, Classic Foil,", problems["treatment"]);
        Assert.Equal($"No card in the catalogue is 'Shiny'; its rarities are {string.Join(", ", new[] { cardA.Rarity, cardB.Rarity }.Order(StringComparer.Ordinal))}.",
            problems["rarity"]);
        Assert.Empty(await Scanner.ProblemsAsync(new ScannerQuery(Rarity: cardA.Rarity, Treatment: "Formless Foil Alt Art")));
    }
}
