using System.Data.Common;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Catalog;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Benchmarks.Market;

/// <summary>
/// The scanner's figures over 1,000,000 market listings of the 437 Existence cards (12% active, 38% sold over the last year,
/// the rest ended; 2% bulk lots; a third on Blokpax, half of those in BPX), against the same two reads written as plain SQL
/// and read row by row in the same run: the counts grouped by card, treatment and currency, and the window's sales.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class ScannerBenchmarks
{
    public const int Listings = 1_000_000;

    private static readonly string[] TreatmentsSeen =
        [Treatments.ClassicPaper, Treatments.ClassicFoil, Treatments.FormlessFoil, Treatments.OcmSerialized, Treatments.Stonefoil, Treatments.ClassicFoil + Treatments.AltArtSuffix];

    private BenchmarkDatabase database = default!;
    private IDbContextFactory<FlipFlowDbContext> contexts = default!;
    private MarketScanner scanner = default!;
    private DateTimeOffset now;

    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
            .WithInvocationCount(1).WithUnrollFactor(1).WithWarmupCount(1).WithIterationCount(5));
    }

    [GlobalSetup]
    public void Setup()
    {
        database = new BenchmarkDatabase();
        contexts = database.Host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>();
        scanner = database.Host.Services.GetRequiredService<MarketScanner>();
        database.Host.Services.GetRequiredService<CardCatalog>().SeedAsync().GetAwaiter().GetResult();
        List<int> cardIds;
        using (var db = contexts.CreateDbContext())
        {
            cardIds = [.. db.Cards.Select(card => card.Id).OrderBy(id => id)];
        }
        now = DateTimeOffset.UtcNow;
        RawMarketInsert.InsertAsync(contexts, Make(cardIds, now)).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => database.Dispose();

    private static IEnumerable<MarketListing> Make(IReadOnlyList<int> cardIds, DateTimeOffset now)
    {
        var random = new Random(7);
        for (var index = 0; index < Listings; index++)
        {
            var platform = (MarketPlatform)(index % 3);
            var roll = random.Next(100);
            var status = roll < 12 ? MarketListingStatus.Active : roll < 50 ? MarketListingStatus.Sold : MarketListingStatus.Ended;
            var listedAt = now.AddDays(-random.Next(1, 366));
            yield return new MarketListing
            {
                Platform = platform,
                ExternalId = $"bench-{index}",
                Title = $"Wonders of the First Existence card {index}",
                Status = status,
                Price = 1m + random.Next(0, 50_000) / 100m,
                Currency = platform == MarketPlatform.Blokpax && index % 2 == 0 ? "BPX" : "USD",
                FirstSeenAt = listedAt,
                LastSeenAt = now,
                SoldAt = status == MarketListingStatus.Sold ? listedAt.AddHours(random.Next(1, 24 * 20)) : null,
                SellerText = $"seller{index % 300}",
                SellerId = index % 300 + 1,
                Source = MarketSourceKind.Demo,
                CardId = cardIds[random.Next(cardIds.Count)],
                Treatment = TreatmentsSeen[random.Next(TreatmentsSeen.Length)],
                ProductType = MarketProductType.Single,
                IsBulkLot = random.Next(50) == 0,
                ParseConfidence = 1.0,
            };
        }
    }

    [Benchmark(Baseline = true, Description = "Raw SQL: the scanner's two reads over 1,000,000 listings")]
    public async Task<int> RawSql()
    {
        await using var db = await contexts.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        var entity = db.Model.FindEntityType(typeof(MarketListing))!;
        var soldAt = entity.FindProperty(nameof(MarketListing.SoldAt))!.GetTypeMapping().Converter;
        object Time(DateTimeOffset time) => soldAt?.ConvertToProvider(time) ?? time;
        const string Priced = """NOT "IsBulkLot" AND "ExcludedByFixId" IS NULL AND ("CardId" IS NOT NULL OR "Treatment" IN ('Sealed', 'Open Box'))""";
        var rows = 0;
        await using (var counts = connection.CreateCommand())
        {
            counts.CommandText = $"""
                SELECT "CardId", "ProductType", "ProductSubtype", "Treatment", "Currency",
                       SUM(CASE WHEN "Status" = 'Active' THEN 1 ELSE 0 END), SUM(CASE WHEN "Status" = 'Sold' THEN 1 ELSE 0 END), COUNT(DISTINCT "SellerId")
                FROM "MarketListings"
                WHERE {Priced} AND ("Status" = 'Active' OR ("Status" = 'Sold' AND "SoldAt" >= @start))
                GROUP BY "CardId", "ProductType", "ProductSubtype", "Treatment", "Currency"
                """;
            Add(counts, "@start", Time(now.AddDays(-ScannerRules.DefaultWindowDays)));
            rows += await ReadAllAsync(counts);
        }
        await using (var sales = connection.CreateCommand())
        {
            sales.CommandText = $"""
                SELECT "CardId", "ProductType", "ProductSubtype", "Treatment", "Currency", "Price", "SoldAt"
                FROM "MarketListings"
                WHERE {Priced} AND "Status" = 'Sold' AND "SoldAt" >= @from
                """;
            Add(sales, "@from", Time(now.AddDays(-ScannerRules.DefaultWindowDays)));
            rows += await ReadAllAsync(sales);
        }
        return rows;
    }

    [Benchmark(Description = "Scanner: the figures over 1,000,000 listings, 30 days")]
    public async Task<int> Scanner()
    {
        var report = await scanner.ReadAsync(new ScannerQuery());
        if (report.Rows.Count == 0)
        {
            throw new InvalidOperationException("The scanner found no row.");
        }
        return report.Rows.Count;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static async Task<int> ReadAllAsync(DbCommand command)
    {
        var rows = 0;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new object[reader.FieldCount];
        while (await reader.ReadAsync())
        {
            reader.GetValues(values);
            rows++;
        }
        return rows;
    }
}
