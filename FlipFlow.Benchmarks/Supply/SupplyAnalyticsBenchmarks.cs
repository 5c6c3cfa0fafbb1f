using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FlipFlow.Benchmarks.Inventory;
using FlipFlow.Benchmarks.Market;
using FlipFlow.Benchmarks.Sellers;
using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Catalog;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Inventory;
using FlipFlow.Infrastructure.Supply;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Benchmarks.Supply;

/// <summary>
/// Supply analytics over 100,000 market listings and 100,000 inventory items of 2,000 sellers (20 of them merged into
/// others), with 30 days of inventory snapshots, against the same reads written as plain SQL in the same run. Listings are
/// the seller benchmarks' (12% active, 38% sold over the last year, a long tail of sellers), each of a card and treatment,
/// save every 20th of no card, every 50th a bulk lot and every 50th a box; inventory is <see cref="InventoryBenchmarkData"/>'s,
/// 50 items a seller on 25 card and treatment pairs. "Cards": every card's HHI now (<see cref="SupplyAnalytics.CardsAsync"/>)
/// against the sellers, the units per card and seller (one GROUP BY) and the cards. "Velocity": every velocity row
/// (<see cref="SupplyAnalytics.VelocityAsync"/>) against the sellers, the sold single-card listings' card, treatment, seller,
/// first seen and sold, and the cards. "Card": what the card's page and <c>GET /api/v1/analytics/supply/cards/{id}</c> ask
/// for the card most held, <see cref="SupplyAnalytics.CardAsync"/> and the page's 120 days of
/// <see cref="SupplyAnalytics.TrendAsync"/>, against the card, the sellers, its units per seller and its snapshots' units
/// per day and seller. The bar: under 100 ms. Each iteration is one call.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SupplyAnalyticsBenchmarks
{
    public const int Listings = 100_000;
    public const int Sellers = 2_000;
    public const int Merged = 20;
    public const int PerSeller = 50;
    public const int PairsPerSeller = 25;
    public const int Items = Sellers * PerSeller;
    public const int SnapshotDays = 30;
    public const int TrendDays = 120;

    private BenchmarkDatabase database = default!;
    private IDbContextFactory<FlipFlowDbContext> contexts = default!;
    private SupplyAnalytics analytics = default!;
    private bool sqlite;
    private int cardId;
    private DateOnly from;
    private DateOnly to;

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
                .WithInvocationCount(1).WithUnrollFactor(1).WithWarmupCount(3).WithIterationCount(20));
            AddColumn(StatisticColumn.Median, StatisticColumn.P95);
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        var clock = Stopwatch.StartNew();
        database = new BenchmarkDatabase();
        contexts = database.Host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>();
        analytics = database.Host.Services.GetRequiredService<SupplyAnalytics>();
        var snapshotter = database.Host.Services.GetRequiredService<InventorySnapshotter>();
        sqlite = database.Host.Services.GetRequiredService<DatabaseSettings>().Provider == DatabaseProvider.Sqlite;
        database.Host.Services.GetRequiredService<CardCatalog>().SeedAsync().GetAwaiter().GetResult();
        var now = DateTimeOffset.UtcNow;
        var pool = SellerTextPool.Make(Sellers, seed: 23);
        var ids = SellerBenchmarkData.AddSellers(contexts, pool.Sellers, now);
        var sellerIds = pool.Sellers.Select(seller => ids[(seller.Platform, seller.Key)]).ToList();
        List<int> cardIds;
        using (var db = contexts.CreateDbContext())
        {
            cardIds = [.. db.Cards.OrderBy(card => card.Id).Select(card => card.Id)];
            // Accounts merged into others: their inventory counts as their target's.
            for (var index = 0; index < Merged; index++)
            {
                var (merged, into) = (sellerIds[Sellers - 1 - index], sellerIds[index]);
                db.Sellers.Where(seller => seller.Id == merged)
                    .ExecuteUpdate(setters => setters.SetProperty(seller => seller.MergedIntoId, into).SetProperty(seller => seller.IsActive, false));
            }
        }
        RawMarketInsert.InsertAsync(contexts, Make(pool, ids, cardIds, now)).GetAwaiter().GetResult();
        if (InventoryBenchmarkData.InsertAsync(contexts, sellerIds, cardIds, PerSeller, PairsPerSeller, now).GetAwaiter().GetResult() != Items)
        {
            throw new InvalidOperationException($"Expected {Items} inventory items.");
        }

        // A month of snapshots, oldest first, some quantities changing from one day to the next.
        var today = snapshotter.Today;
        for (var day = SnapshotDays - 1; day >= 0; day--)
        {
            snapshotter.TakeAsync(today.AddDays(-day)).GetAwaiter().GetResult();
            using var db = contexts.CreateDbContext();
            db.InventoryItems.Where(item => item.Id % 7 == day % 7).ExecuteUpdate(setters => setters.SetProperty(item => item.Quantity, item => item.Quantity + 1));
        }
        (from, to) = (today.AddDays(-(TrendDays - 1)), today);

        int heldCards;
        int sales;
        int snapshots;
        using (var db = contexts.CreateDbContext())
        {
            var held = db.InventoryItems.Where(item => item.Quantity > 0);
            heldCards = held.Select(item => item.CardId).Distinct().Count();
            cardId = held.GroupBy(item => item.CardId).OrderByDescending(card => card.Count()).ThenBy(card => card.Key).Select(card => card.Key).First();
            sales = db.MarketListings.Count(listing => listing.Status == MarketListingStatus.Sold && listing.SoldAt != null && listing.CardId != null
                && listing.SellerId != null && !listing.IsBulkLot && listing.ExcludedByFixId == null && listing.ProductType == MarketProductType.Single);
            snapshots = db.InventorySnapshots.Count();
        }
        var cards = analytics.CardsAsync().GetAwaiter().GetResult();
        var velocity = analytics.VelocityAsync(new VelocityFilter()).GetAwaiter().GetResult();
        var card = analytics.CardAsync(cardId).GetAwaiter().GetResult();
        var trend = analytics.TrendAsync(cardId, null, from, to).GetAwaiter().GetResult();
        if (cards.Count != heldCards || velocity.Sum(row => row.Sales + row.LeftOut) != sales || card is null || card.Sellers == 0 || trend.Count != SnapshotDays)
        {
            throw new InvalidOperationException($"{heldCards} cards are held and {sales} sold listings count; the analytics give {cards.Count} cards, " +
                $"{velocity.Sum(row => row.Sales + row.LeftOut)} sales in {velocity.Count} velocity rows, card {cardId}: {card}, {trend.Count} trend days.");
        }
        Console.WriteLine($"// {Listings:N0} listings ({sales:N0} sales in {velocity.Count:N0} velocity rows), {Items:N0} inventory items of {Sellers:N0} sellers " +
            $"on {cards.Count} cards, {snapshots:N0} snapshot rows over {SnapshotDays} days; card {cardId} ({card.Number}) held by {card.Sellers} sellers, " +
            $"HHI {card.Hhi.ToString(CultureInfo.InvariantCulture)}; made in {clock.Elapsed.TotalSeconds:0} s");
    }

    [GlobalCleanup]
    public void Cleanup() => database.Dispose();

    private static IEnumerable<MarketListing> Make(SellerTextPool pool, IReadOnlyDictionary<(MarketPlatform, string), long> ids, IReadOnlyList<int> cardIds,
        DateTimeOffset now)
    {
        var random = new Random(29);
        for (var index = 0; index < Listings; index++)
        {
            var seller = pool.Sellers[SellerTextPool.Skewed(random, pool.Sellers.Count)];
            var listing = SellerBenchmarkData.Listing(index, random, now, seller.Platform, seller.Texts[random.Next(seller.Texts.Count)],
                ids[(seller.Platform, seller.Key)]);
            listing.CardId = index % 20 == 0 ? null : cardIds[SellerTextPool.Skewed(random, cardIds.Count)];
            listing.Treatment = Treatments.Card[random.Next(5)];
            if (index % 50 == 1)
            {
                listing.IsBulkLot = true;
                listing.ProductType = MarketProductType.Lot;
            }
            else if (index % 50 == 2)
            {
                listing.ProductType = MarketProductType.Box;
            }
            yield return listing;
        }
    }

    [BenchmarkCategory("Cards"), Benchmark(Baseline = true, Description = "Raw SQL: sellers, units per card and seller (GROUP BY), cards")]
    public Task<int> RawCards() => ReadAllAsync(CardsSql, new Dictionary<string, object>());

    [BenchmarkCategory("Cards"), Benchmark(Description = "SupplyAnalytics.CardsAsync(): every card's HHI")]
    public async Task<int> Cards() => (await analytics.CardsAsync()).Count;

    [BenchmarkCategory("Velocity"), Benchmark(Baseline = true, Description = "Raw SQL: sellers, the sold single-card listings, cards")]
    public Task<int> RawVelocity() => ReadAllAsync(VelocitySql, new Dictionary<string, object>());

    [BenchmarkCategory("Velocity"), Benchmark(Description = "SupplyAnalytics.VelocityAsync(new VelocityFilter()): every row")]
    public async Task<int> Velocity() => (await analytics.VelocityAsync(new VelocityFilter())).Count;

    [BenchmarkCategory("Card"), Benchmark(Baseline = true, Description = "Raw SQL: the card, sellers, its units per seller, its snapshots per day and seller")]
    public Task<int> RawCard() => ReadAllAsync(CardSql, new Dictionary<string, object>
    {
        ["@card"] = cardId,
        ["@from"] = Date(from),
        ["@to"] = Date(to),
    });

    [BenchmarkCategory("Card"), Benchmark(Description = "SupplyAnalytics.CardAsync + TrendAsync over 120 days, the card most held")]
    public async Task<int> Card()
    {
        var card = await analytics.CardAsync(cardId) ?? throw new InvalidOperationException($"No card {cardId}.");
        return card.Sellers + (await analytics.TrendAsync(cardId, null, from, to)).Count;
    }

    private const string SellersSql = """SELECT "Id", "MergedIntoId", "Platform", "PlatformSellerId", "DisplayName" FROM "Sellers" """;
    private const string AllCardsSql = """SELECT "Id", "Set", "Number", "Name", "Rarity", "CardType" FROM "Cards" """;

    /// <summary>CardsAsync's reads: the sellers (to count merged accounts once), the units each account holds of each card, the cards.</summary>
    private static readonly string[] CardsSql =
    [
        SellersSql,
        """SELECT "CardId", "SellerId", SUM("Quantity") FROM "InventoryItems" WHERE "Quantity" > 0 GROUP BY "CardId", "SellerId" """,
        AllCardsSql,
    ];

    /// <summary>VelocityAsync's reads: the sellers, every sold single-card listing's card, treatment, seller, first seen and sold, the cards.</summary>
    private static readonly string[] VelocitySql =
    [
        SellersSql,
        """
        SELECT "CardId", "Treatment", "SellerId", "FirstSeenAt", "SoldAt" FROM "MarketListings"
        WHERE "Status" = 'Sold' AND "SoldAt" IS NOT NULL AND "CardId" IS NOT NULL AND "SellerId" IS NOT NULL AND NOT "IsBulkLot" AND "ExcludedByFixId" IS NULL
            AND "ProductType" = 'Single'
        """,
        AllCardsSql,
    ];

    /// <summary>CardAsync's and TrendAsync's reads, the sellers once: the card, the sellers, its units per account, its snapshots' units per day and account.</summary>
    private static readonly string[] CardSql =
    [
        """SELECT "Id", "Set", "Number", "Name", "Rarity", "CardType" FROM "Cards" WHERE "Id" = @card""",
        SellersSql,
        """SELECT "CardId", "SellerId", SUM("Quantity") FROM "InventoryItems" WHERE "Quantity" > 0 AND "CardId" = @card GROUP BY "CardId", "SellerId" """,
        """
        SELECT "Date", "SellerId", SUM("Quantity") FROM "InventorySnapshots"
        WHERE "CardId" = @card AND "Date" >= @from AND "Date" <= @to GROUP BY "Date", "SellerId"
        """,
    ];

    /// <summary>A day as the model stores it: text on SQLite, a date on PostgreSQL.</summary>
    private object Date(DateOnly day) => sqlite ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : day;

    /// <summary>Runs each statement with the parameters it names on one connection and reads every row and value; returns the rows.</summary>
    private async Task<int> ReadAllAsync(IEnumerable<string> statements, IReadOnlyDictionary<string, object> parameters)
    {
        await using var db = await contexts.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        var rows = 0;
        foreach (var sql in statements)
        {
            await using DbCommand command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters.Where(parameter => sql.Contains(parameter.Key, StringComparison.Ordinal)))
            {
                command.AddParameter(name, value);
            }
            await using var reader = await command.ExecuteReaderAsync();
            var values = new object[reader.FieldCount];
            while (await reader.ReadAsync())
            {
                reader.GetValues(values);
                rows++;
            }
        }
        return rows;
    }
}
