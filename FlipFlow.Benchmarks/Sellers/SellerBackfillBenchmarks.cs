using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FlipFlow.Benchmarks.Market;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Sellers;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Benchmarks.Sellers;

/// <summary>
/// The seller backfill over 1,000,000 market listings without a seller (3,000 sellers in their platforms' text forms; every
/// 50th listing shows a text that names no seller), against a raw UPDATE of the same 980,000 rows' seller in transactions of
/// 5,000 ids, in the same run. Every iteration starts from the same unlinked SQLite file, copied back from the one made at
/// the setup. Rows a second: 980,000 over the mean.
/// </summary>
[Config(typeof(Config))]
public class SellerBackfillBenchmarks
{
    public const int Listings = 1_000_000;
    public const int Sellers = 3_000;
    public const int RejectedEvery = 50;
    public const int Linkable = Listings - Listings / RejectedEvery;

    private BenchmarkDatabase database = default!;
    private IDbContextFactory<FlipFlowDbContext> contexts = default!;
    private SellerBackfill backfill = default!;
    private List<string> rejected = [];
    private string file = "";
    private string template = "";
    private long firstId;
    private long lastId;

    private sealed class Config : ManualConfig
    {
        // A run takes minutes: one warmup, three measured runs.
        public Config() => AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithStrategy(RunStrategy.Monitoring)
            .WithInvocationCount(1).WithUnrollFactor(1).WithWarmupCount(1).WithIterationCount(3));
    }

    [GlobalSetup]
    public void Setup()
    {
        database = new BenchmarkDatabase();
        contexts = database.Host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>();
        backfill = database.Host.Services.GetRequiredService<SellerBackfill>();
        if (database.Host.Services.GetRequiredService<DatabaseSettings>().Provider != DatabaseProvider.Sqlite)
        {
            throw new NotSupportedException("The seller backfill benchmark copies its SQLite file back between iterations; run it on SQLite.");
        }
        var pool = SellerTextPool.Make(Sellers, seed: 11);
        rejected = [.. pool.Rejected.Select(text => text.Text).Distinct()];
        RawMarketInsert.InsertAsync(contexts, Make(pool, DateTimeOffset.UtcNow)).GetAwaiter().GetResult();
        using (var db = contexts.CreateDbContext())
        {
            file = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            firstId = db.MarketListings.Min(listing => listing.Id);
            lastId = db.MarketListings.Max(listing => listing.Id);
            db.Database.ExecuteSqlRaw("PRAGMA wal_checkpoint(TRUNCATE);");
        }
        SqliteConnection.ClearAllPools();
        template = file + ".unlinked";
        File.Copy(file, template);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine("// " + PeakMemory.Describe(nameof(Backfill)));
        Console.WriteLine("// " + PeakMemory.Describe(nameof(RawBackfillUpdate)));
        database.Dispose();
    }

    private static IEnumerable<MarketListing> Make(SellerTextPool pool, DateTimeOffset now)
    {
        var random = new Random(7);
        for (var index = 0; index < Listings; index++)
        {
            if (index % RejectedEvery == RejectedEvery - 1)
            {
                var (platform, text) = pool.Rejected[random.Next(pool.Rejected.Count)];
                yield return SellerBenchmarkData.Listing(index, random, now, platform, text, null);
            }
            else
            {
                var seller = pool.Sellers[SellerTextPool.Skewed(random, pool.Sellers.Count)];
                yield return SellerBenchmarkData.Listing(index, random, now, seller.Platform, seller.Texts[random.Next(seller.Texts.Count)], null);
            }
        }
    }

    /// <summary>The database as made: no listing has a seller and there are no sellers.</summary>
    [IterationSetup]
    public void Unlink()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(file + "-wal");
        File.Delete(file + "-shm");
        File.Copy(template, file, overwrite: true);
        PeakMemory.Arm();
    }

    [IterationCleanup(Target = nameof(Backfill))]
    public void CheckLinked()
    {
        using var db = contexts.CreateDbContext();
        var (sellers, linked) = (db.Sellers.Count(), db.MarketListings.Count(listing => listing.SellerId != null));
        if (sellers != Sellers || linked != Linkable)
        {
            throw new InvalidOperationException($"The backfill made {sellers} sellers (expected {Sellers}) and linked {linked} listings (expected {Linkable}).");
        }
    }

    [Benchmark(Baseline = true, Description = "Raw UPDATE: the seller of the same 980,000 listings, 5,000 ids a transaction")]
    public async Task<int> RawBackfillUpdate()
    {
        await using var db = await contexts.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        var updated = 0;
        for (var from = firstId; from <= lastId; from += SellerBackfill.BatchSize)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"""
                UPDATE "MarketListings" SET "SellerId" = "Id" % {Sellers} + 1
                WHERE "Id" BETWEEN @a AND @b AND "SellerId" IS NULL AND "SellerText" NOT IN ({string.Join(", ", rejected.Select((_, index) => $"@r{index}"))})
                """;
            command.AddParameter("@a", from);
            command.AddParameter("@b", from + SellerBackfill.BatchSize - 1);
            for (var index = 0; index < rejected.Count; index++)
            {
                command.AddParameter($"@r{index}", rejected[index]);
            }
            updated += await command.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }
        PeakMemory.Stop(nameof(RawBackfillUpdate));
        return updated == Linkable ? updated : throw new InvalidOperationException($"The raw update set {updated} sellers, not {Linkable}.");
    }

    [Benchmark(Description = "SellerBackfill.RunAsync over 1,000,000 unlinked listings")]
    public async Task<int> Backfill()
    {
        var report = await backfill.RunAsync();
        PeakMemory.Stop(nameof(Backfill));
        return report.Linked == Linkable ? report.Linked : throw new InvalidOperationException($"The backfill linked {report.Linked}, not {Linkable}.");
    }
}
