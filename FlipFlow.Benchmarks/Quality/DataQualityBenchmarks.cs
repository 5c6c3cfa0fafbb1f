using System.Data.Common;
using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FlipFlow.Benchmarks.Market;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Catalog;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Market.Demo;
using FlipFlow.Infrastructure.Quality;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Benchmarks.Quality;

/// <summary>
/// The data-quality page's nine checks over 1,000,000 market listings: the demo market's own listings (its titles, with
/// their misspellings, lots, other games, outliers, listings put up twice and listings without an address), read by the
/// title parser, one in five unsold ones live, one in fifty not linked to its seller. Against the same reads written as
/// plain SQL, one after another on one connection, in the same run: the cards, the priced single-card listings' columns
/// the checks use, the other listings' titles, the live ones' sellers and formats, the listings without an address, seller
/// coverage per platform, the seller texts that name no seller, the SKU counts, the runs of 30 days and the last read of
/// each source. FlipFlow makes the listing reads at once, on a connection each. The bar: under 2 s for all nine.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class DataQualityBenchmarks
{
    public const int Listings = 1_000_000;

    private BenchmarkDatabase database = default!;
    private IDbContextFactory<FlipFlowDbContext> contexts = default!;
    private DataQuality quality = default!;

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
                .WithInvocationCount(1).WithUnrollFactor(1).WithWarmupCount(2).WithIterationCount(8));
            AddColumn(StatisticColumn.Median, StatisticColumn.P95);
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        var clock = Stopwatch.StartNew();
        database = new BenchmarkDatabase();
        contexts = database.Host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>();
        quality = database.Host.Services.GetRequiredService<DataQuality>();
        database.Host.Services.GetRequiredService<CardCatalog>().SeedAsync().GetAwaiter().GetResult();
        List<Domain.Catalog.Card> cards;
        using (var db = contexts.CreateDbContext())
        {
            cards = [.. db.Cards.AsNoTracking().OrderBy(card => card.Id)];
        }
        RawMarketInsert.InsertAsync(contexts, Make(cards, DateTimeOffset.UtcNow)).GetAwaiter().GetResult();
        var report = quality.CheckAsync().GetAwaiter().GetResult();
        Console.WriteLine($"// {Listings:N0} listings made in {clock.Elapsed.TotalSeconds:0} s; " +
            string.Join("; ", report.Checks.Select(check => $"{check.Kind} {check.Measure.Count:N0} of {check.Measure.Total:N0}")));
    }

    [GlobalCleanup]
    public void Cleanup() => database.Dispose();

    /// <summary>The demo market's listings from its first day on, parsed as a scan would, each title parsed once.</summary>
    private static IEnumerable<MarketListing> Make(IReadOnlyList<Domain.Catalog.Card> cards, DateTimeOffset now)
    {
        var parser = new TitleParser(cards);
        var parses = new Dictionary<string, TitleParse>(StringComparer.Ordinal);
        var sellers = new Dictionary<string, long>(StringComparer.Ordinal);
        var index = 0;
        foreach (var demo in new DemoMarket(cards).ListedBetween(0, int.MaxValue - 1).Take(Listings))
        {
            if (!parses.TryGetValue(demo.Title, out var parse))
            {
                parses[demo.Title] = parse = parser.Parse(demo.Title);
            }
            if (!sellers.TryGetValue(demo.SellerText, out var seller))
            {
                sellers[demo.SellerText] = seller = sellers.Count + 1;
            }
            var status = demo.SoldAt is not null ? MarketListingStatus.Sold : index % 5 == 0 ? MarketListingStatus.Active : MarketListingStatus.Ended;
            yield return new MarketListing
            {
                Platform = demo.Platform,
                ExternalId = $"quality-{index++}",
                Url = demo.Url,
                Title = demo.Title,
                Format = demo.Format,
                Status = status,
                Price = demo.SalePrice ?? demo.Price,
                Currency = "USD",
                Shipping = demo.Shipping,
                Quantity = demo.Quantity,
                FirstSeenAt = demo.ListedAt,
                LastSeenAt = status == MarketListingStatus.Active ? now : demo.SoldAt ?? demo.EndsAt,
                SoldAt = demo.SoldAt,
                SellerText = demo.SellerText,
                // One in fifty not linked yet, as before a backfill.
                SellerId = index % 50 == 0 ? null : seller,
                Source = MarketSourceKind.Demo,
                CardId = parse.Card?.Id,
                Treatment = parse.Treatment,
                ProductType = parse.ProductType,
                ProductSubtype = parse.ProductSubtype,
                IsBulkLot = parse.IsBulkLot,
                ParseConfidence = parse.Confidence,
            };
        }
    }

    [Benchmark(Baseline = true, Description = "Raw SQL: the reads the nine checks make")]
    public async Task<int> Raw()
    {
        await using var db = await contexts.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        var rows = 0;
        foreach (var sql in Reads)
        {
            await using DbCommand command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
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

    [Benchmark(Description = "DataQuality.CheckAsync(): all nine checks")]
    public async Task<int> Checks() => (await quality.CheckAsync()).Checks.Count;

    private const string CountedSingles = """ "CardId" IS NOT NULL AND NOT "IsBulkLot" AND "ExcludedByFixId" IS NULL AND "ProductType" = 'Single' """;

    private static readonly string[] Reads =
    [
        """SELECT "Id", "Name" FROM "Cards" """,
        """SELECT MAX("Id") FROM "MarketListings" """,
        $"""SELECT "Id", "Title", "CardId", "Treatment", "Grading", "Currency", "Price" FROM "MarketListings" WHERE {CountedSingles}""",
        $"""SELECT "Id", "Title" FROM "MarketListings" WHERE NOT ({CountedSingles})""",
        $"""
        SELECT "Id", "CardId", "Treatment", "SellerId", "Format", "Price", "Currency" FROM "MarketListings"
        WHERE {CountedSingles} AND "Status" = 'Active' AND "SellerId" IS NOT NULL
        """,
        """SELECT "Id" FROM "MarketListings" WHERE "Url" IS NULL OR "Url" = '' """,
        """SELECT "Platform", COUNT(*) FROM "MarketListings" GROUP BY "Platform" """,
        """SELECT "Platform", COUNT(*) FROM "MarketListings" WHERE "SellerId" IS NULL GROUP BY "Platform" """,
        """SELECT "Platform", "SellerText", COUNT(*) FROM "MarketListings" WHERE "SellerId" IS NULL GROUP BY "Platform", "SellerText" """,
        """SELECT "Status", "CardId" IS NOT NULL, COUNT(*) FROM "SkuMappings" GROUP BY "Status", "CardId" IS NOT NULL""",
        """SELECT * FROM "ImportRuns" """,
        """SELECT * FROM "MarketImports" """,
        """SELECT * FROM "JobRuns" """,
        """SELECT "Source", MAX("FinishedAt") FROM "MarketImports" WHERE "FinishedAt" IS NOT NULL AND "Seen" > 0 GROUP BY "Source" """,
    ];
}
