using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FlipFlow.Benchmarks.Sellers;
using FlipFlow.Infrastructure.Catalog;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Benchmarks.Inventory;

/// <summary>
/// The daily inventory snapshot over 1,000,000 inventory items of 2,000 sellers (500 each, on 250 card and treatment pairs,
/// so the day has 500,000 rows; see <see cref="InventoryBenchmarkData"/>), against the same work as raw SQL in the same run:
/// in one transaction, DELETE the day's rows and the same INSERT ... SELECT ... GROUP BY as the snapshotter's. Every
/// measurement takes today again, so it deletes the 500,000 rows the last one wrote and writes them anew. "Take" is
/// <see cref="InventorySnapshotter.TakeAsync"/>, which then applies retention (one day: nothing to prune). The setup runs
/// both once and checks they write the same rows. Time and allocation from BenchmarkDotNet; the peak heap rise is
/// <see cref="PeakMemory"/>'s. The bar: at most twice the raw SQL's time.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class InventorySnapshotBenchmarks
{
    public const int Sellers = 2_000;
    public const int PerSeller = 500;
    public const int PairsPerSeller = 250;
    public const int Items = Sellers * PerSeller;
    public const int Rows = Sellers * PairsPerSeller;

    private BenchmarkDatabase database = default!;
    private IDbContextFactory<FlipFlowDbContext> contexts = default!;
    private InventorySnapshotter snapshotter = default!;
    private bool sqlite;
    private DateOnly today;

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
                .WithInvocationCount(1).WithUnrollFactor(1).WithWarmupCount(1).WithIterationCount(5));
            AddColumn(StatisticColumn.Median);
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        var clock = Stopwatch.StartNew();
        database = new BenchmarkDatabase();
        contexts = database.Host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>();
        snapshotter = database.Host.Services.GetRequiredService<InventorySnapshotter>();
        sqlite = database.Host.Services.GetRequiredService<DatabaseSettings>().Provider == DatabaseProvider.Sqlite;
        database.Host.Services.GetRequiredService<CardCatalog>().SeedAsync().GetAwaiter().GetResult();
        var now = DateTimeOffset.UtcNow;
        var pool = SellerTextPool.Make(Sellers, seed: 19);
        var ids = SellerBenchmarkData.AddSellers(contexts, pool.Sellers, now);
        List<int> cardIds;
        using (var db = contexts.CreateDbContext())
        {
            cardIds = [.. db.Cards.OrderBy(card => card.Id).Select(card => card.Id)];
        }
        var inserted = InventoryBenchmarkData.InsertAsync(contexts, [.. pool.Sellers.Select(seller => ids[(seller.Platform, seller.Key)])], cardIds,
            PerSeller, PairsPerSeller, now).GetAwaiter().GetResult();
        if (inserted != Items)
        {
            throw new InvalidOperationException($"Seeded {inserted} inventory items, not {Items}.");
        }
        today = snapshotter.Today;

        // Both sides once, raw first: the same rows, and the snapshotter replaces exactly what the raw SQL wrote.
        var raw = RawSnapshot().GetAwaiter().GetResult();
        var rawDay = Day();
        var report = snapshotter.TakeAsync(today).GetAwaiter().GetResult();
        var day = Day();
        if (raw != Rows || report.Rows != raw || report.Replaced != raw || day != rawDay)
        {
            throw new InvalidOperationException($"The raw SQL wrote {raw} rows ({rawDay}), the snapshotter {report.Rows} ({day}), replacing {report.Replaced}; " +
                $"expected {Rows} each.");
        }
        Console.WriteLine($"// {Items:N0} inventory items of {Sellers:N0} sellers over {cardIds.Count} cards, {Rows:N0} snapshot rows a day ({day}); " +
            $"made in {clock.Elapsed.TotalSeconds:0} s");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine("// " + PeakMemory.Describe(nameof(RawSnapshot)));
        Console.WriteLine("// " + PeakMemory.Describe(nameof(Take)));
        database.Dispose();
    }

    [IterationSetup]
    public void Ready()
    {
        if (sqlite)
        {
            using var db = contexts.CreateDbContext();
            db.Database.ExecuteSqlRaw("PRAGMA wal_checkpoint(TRUNCATE);");
        }
        PeakMemory.Arm();
    }

    [Benchmark(Baseline = true, Description = "Raw SQL: DELETE the day, INSERT ... SELECT ... GROUP BY over 1,000,000 items, one transaction")]
    public async Task<int> RawSnapshot()
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync();
            await db.Database.OpenConnectionAsync();
            var connection = db.Database.GetDbConnection();
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var delete = connection.CreateCommand())
            {
                delete.Transaction = transaction;
                delete.CommandTimeout = 600;
                delete.CommandText = """DELETE FROM "InventorySnapshots" WHERE "Date" = @date""";
                AddDate(delete);
                await delete.ExecuteNonQueryAsync();
            }
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandTimeout = 600;
            // As the snapshotter's: SQLite keeps prices as text, compared as numbers once cast to REAL.
            var price = sqlite ? """CAST("Price" AS REAL)""" : "\"Price\"";
            insert.CommandText = $"""
                INSERT INTO "InventorySnapshots" ("Date", "SellerId", "CardId", "Treatment", "Items", "Quantity", "Currency", "AveragePrice", "LowestPrice", "HighestPrice")
                SELECT @date, "SellerId", "CardId", "Treatment", COUNT(*), SUM("Quantity"),
                       CASE WHEN MIN(CASE WHEN "Price" IS NOT NULL THEN "Currency" END) = MAX(CASE WHEN "Price" IS NOT NULL THEN "Currency" END)
                            THEN MIN(CASE WHEN "Price" IS NOT NULL THEN "Currency" END) END,
                       CASE WHEN MIN(CASE WHEN "Price" IS NOT NULL THEN "Currency" END) = MAX(CASE WHEN "Price" IS NOT NULL THEN "Currency" END)
                            THEN ROUND(AVG({price}), 2) END,
                       CASE WHEN MIN(CASE WHEN "Price" IS NOT NULL THEN "Currency" END) = MAX(CASE WHEN "Price" IS NOT NULL THEN "Currency" END)
                            THEN MIN({price}) END,
                       CASE WHEN MIN(CASE WHEN "Price" IS NOT NULL THEN "Currency" END) = MAX(CASE WHEN "Price" IS NOT NULL THEN "Currency" END)
                            THEN MAX({price}) END
                FROM "InventoryItems"
                GROUP BY "SellerId", "CardId", "Treatment"
                """;
            AddDate(insert);
            var rows = await insert.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
            return rows == Rows ? rows : throw new InvalidOperationException($"The raw SQL wrote {rows} snapshot rows, not {Rows}.");
        }
        finally
        {
            PeakMemory.Stop(nameof(RawSnapshot));
        }
    }

    [Benchmark(Description = "InventorySnapshotter.TakeAsync(today) over 1,000,000 items, replacing the day")]
    public async Task<int> Take()
    {
        try
        {
            var report = await snapshotter.TakeAsync(today);
            return report.Rows == Rows && report.Replaced == Rows && report.RowsPruned == 0 ? report.Rows
                : throw new InvalidOperationException($"Expected {Rows} rows replacing as many, nothing pruned: {report}.");
        }
        finally
        {
            PeakMemory.Stop(nameof(Take));
        }
    }

    /// <summary>The day as the model stores it: text on SQLite, a date on PostgreSQL.</summary>
    private void AddDate(System.Data.Common.DbCommand command) =>
        command.AddParameter("@date", sqlite ? today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : today);

    /// <summary>What today's rows add up to, read back as text: rows, items, units, priced rows and the price range.</summary>
    private string Day()
    {
        using var db = contexts.CreateDbContext();
        db.Database.OpenConnection();
        using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = """
            SELECT COUNT(*), SUM("Items"), SUM("Quantity"), COUNT("Currency"), COUNT("AveragePrice"), MIN("LowestPrice"), MAX("HighestPrice")
            FROM "InventorySnapshots" WHERE "Date" = @date
            """;
        AddDate(command);
        using var reader = command.ExecuteReader();
        reader.Read();
        return string.Join(" / ", Enumerable.Range(0, reader.FieldCount).Select(index => Convert.ToString(reader.GetValue(index), CultureInfo.InvariantCulture)));
    }
}
