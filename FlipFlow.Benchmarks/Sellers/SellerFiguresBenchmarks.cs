using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FlipFlow.Benchmarks.Market;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Sellers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Benchmarks.Sellers;

/// <summary>
/// A seller's figures and the sellers list over 100,000 market listings of 1,000 sellers (12% active, 38% sold over the last
/// year; the largest seller holds 10% of the listings, the rest a long tail), against the same reads written as plain SQL in
/// the same run. "Figures" category, for the largest seller: <see cref="SellerFigures.ForAsync(long, CancellationToken)"/>;
/// the seller page (<see cref="SellerDirectory.GetAsync"/>); and what <c>GET /api/v1/sellers/{id}/analytics</c> does without
/// HTTP (GetAsync for the 404 check, then ForAsync); the baseline is ForAsync's four reads as SQL (counts and units by status,
/// active prices by currency, the chart's sales, all units sold in the window). "List" category: the first page of 50 sorted by
/// listings (<see cref="SellerDirectory.ListAsync"/>), against one grouped join, the count and the window's units as SQL.
/// The bar: under 500 ms. Each iteration is one call.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SellerFiguresBenchmarks
{
    public const int Listings = 100_000;
    public const int Sellers = 1_000;
    public const int PageSize = 50;

    private BenchmarkDatabase database = default!;
    private IDbContextFactory<FlipFlowDbContext> contexts = default!;
    private SellerFigures figures = default!;
    private SellerDirectory directory = default!;
    private long topId;

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
                .WithInvocationCount(1).WithUnrollFactor(1).WithWarmupCount(3).WithIterationCount(20));
            AddColumn(StatisticColumn.P95);
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        var clock = Stopwatch.StartNew();
        database = new BenchmarkDatabase();
        contexts = database.Host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>();
        figures = database.Host.Services.GetRequiredService<SellerFigures>();
        directory = database.Host.Services.GetRequiredService<SellerDirectory>();
        var pool = SellerTextPool.Make(Sellers, seed: 17);
        var now = DateTimeOffset.UtcNow;
        var ids = SellerBenchmarkData.AddSellers(contexts, pool.Sellers, now);
        topId = ids[(pool.Sellers[0].Platform, pool.Sellers[0].Key)];
        RawMarketInsert.InsertAsync(contexts, Make(pool, ids, now)).GetAwaiter().GetResult();
        int top;
        using (var db = contexts.CreateDbContext())
        {
            top = db.MarketListings.Count(listing => listing.SellerId == topId);
        }
        var analytics = figures.ForAsync(topId).GetAwaiter().GetResult();
        var (rows, total) = directory.ListAsync(new SellerFilter(), 0, PageSize).GetAwaiter().GetResult();
        if (analytics.Listings != top || rows.Count != PageSize || rows[0].Id != topId || rows[0].Listings != top || total != Sellers)
        {
            throw new InvalidOperationException($"Seller {topId} holds {top} listings; its figures say {analytics.Listings}, the list's first row is " +
                $"{rows.FirstOrDefault()} of {total}.");
        }
        Console.WriteLine($"// {Listings:N0} listings of {Sellers:N0} sellers, the largest ({topId}) with {top:N0} ({analytics.ActiveListings} active, " +
            $"{analytics.UnitsSold} units sold in {SellerFigures.WindowDays} days, {analytics.MarketShare}%); made in {clock.Elapsed.TotalSeconds:0} s");
    }

    [GlobalCleanup]
    public void Cleanup() => database.Dispose();

    private static IEnumerable<MarketListing> Make(SellerTextPool pool, IReadOnlyDictionary<(MarketPlatform, string), long> ids, DateTimeOffset now)
    {
        var random = new Random(3);
        for (var index = 0; index < Listings; index++)
        {
            var seller = index % 10 == 0 ? pool.Sellers[0] : pool.Sellers[1 + SellerTextPool.Skewed(random, pool.Sellers.Count - 1)];
            yield return SellerBenchmarkData.Listing(index, random, now, seller.Platform, seller.Texts[random.Next(seller.Texts.Count)],
                ids[(seller.Platform, seller.Key)]);
        }
    }

    [BenchmarkCategory("Figures"), Benchmark(Baseline = true, Description = "Raw SQL: the figures' four reads, largest seller")]
    public async Task<int> RawFigures()
    {
        await using var db = await contexts.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        var now = DateTimeOffset.UtcNow;
        var chartSince = new DateTimeOffset(DateOnly.FromDateTime(now.UtcDateTime).AddDays(1 - SellerFigures.ChartDays).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var parameters = new Dictionary<string, object>
        {
            ["@seller"] = topId,
            ["@chart"] = SellerBenchmarkData.Time(db, chartSince),
            ["@since"] = SellerBenchmarkData.Time(db, now.AddDays(-SellerFigures.WindowDays)),
        };
        var rows = 0;
        foreach (var sql in FiguresSql)
        {
            rows += await ReadAllAsync(db, sql, parameters);
        }
        return rows;
    }

    [BenchmarkCategory("Figures"), Benchmark(Description = "SellerFigures.ForAsync, largest seller")]
    public async Task<int> Figures() => (await figures.ForAsync(topId)).Listings;

    [BenchmarkCategory("Figures"), Benchmark(Description = "Seller page: SellerDirectory.GetAsync, largest seller")]
    public async Task<int> SellerPage() => (await directory.GetAsync(topId))!.Analytics.Listings;

    [BenchmarkCategory("Figures"), Benchmark(Description = "GET sellers/{id}/analytics work: GetAsync + ForAsync")]
    public async Task<int> AnalyticsEndpoint() =>
        await directory.GetAsync(topId) is null ? throw new InvalidOperationException("No seller.") : (await figures.ForAsync(topId)).Listings;

    [BenchmarkCategory("List"), Benchmark(Baseline = true, Description = "Raw SQL: first 50 sellers by listings, count, units sold")]
    public async Task<int> RawSellerList()
    {
        await using var db = await contexts.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        var parameters = new Dictionary<string, object> { ["@since"] = SellerBenchmarkData.Time(db, DateTimeOffset.UtcNow.AddDays(-SellerFigures.WindowDays)) };
        var rows = 0;
        foreach (var sql in ListSql)
        {
            rows += await ReadAllAsync(db, sql, parameters);
        }
        return rows;
    }

    [BenchmarkCategory("List"), Benchmark(Description = "SellerDirectory.ListAsync: first 50 by listings")]
    public async Task<int> SellerList() => (await directory.ListAsync(new SellerFilter(), 0, PageSize)).Rows.Count;

    /// <summary>SellerFigures.ForAsync's reads: counts and units by status, active prices by currency, the chart's sales, all units sold in the window.</summary>
    private static readonly string[] FiguresSql =
    [
        """SELECT "Status", COUNT(*), SUM("Quantity") FROM "MarketListings" WHERE "SellerId" = @seller GROUP BY "Status" """,
        """SELECT "Currency", COUNT(*), SUM("Price") FROM "MarketListings" WHERE "SellerId" = @seller AND "Status" = 'Active' GROUP BY "Currency" """,
        """SELECT "SoldAt", "Quantity" FROM "MarketListings" WHERE "SellerId" = @seller AND "Status" = 'Sold' AND "SoldAt" >= @chart""",
        """SELECT COALESCE(SUM("Quantity"), 0) FROM "MarketListings" WHERE "Status" = 'Sold' AND "SoldAt" >= @since""",
    ];

    /// <summary>The list's page as one grouped join, the number of sellers, and all units sold in the window.</summary>
    private static readonly string[] ListSql =
    [
        $"""
        SELECT s."Id", s."Platform", s."PlatformSellerId", s."DisplayName", s."IsActive", s."MergedIntoId", s."LastSeenAt",
               COUNT(l."Id") AS "Listings",
               COALESCE(SUM(CASE WHEN l."Status" = 'Active' THEN l."Quantity" END), 0),
               COALESCE(SUM(CASE WHEN l."Status" = 'Sold' AND l."SoldAt" >= @since THEN l."Quantity" END), 0)
        FROM "Sellers" AS s LEFT JOIN "MarketListings" AS l ON l."SellerId" = s."Id"
        WHERE s."IsActive"
        GROUP BY s."Id"
        ORDER BY "Listings" DESC, s."Id"
        LIMIT {PageSize}
        """,
        """SELECT COUNT(*) FROM "Sellers" WHERE "IsActive" """,
        """SELECT COALESCE(SUM("Quantity"), 0) FROM "MarketListings" WHERE "Status" = 'Sold' AND "SoldAt" >= @since""",
    ];

    /// <summary>Runs one statement with the parameters it names and reads every row and value.</summary>
    private static async Task<int> ReadAllAsync(FlipFlowDbContext db, string sql, IReadOnlyDictionary<string, object> parameters)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters.Where(parameter => sql.Contains(parameter.Key, StringComparison.Ordinal)))
        {
            command.AddParameter(name, value);
        }
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
