using System.Diagnostics;
using BenchmarkDotNet.Attributes;
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
/// Merging a seller with 100,000 market listings into another: 200,000 listings of 1,000 sellers, of which seller A (eBay)
/// holds every other one (100,000) and seller B (eBay) 5,000. "Merge" is <see cref="SellerMerges.MergeAsync"/>(B, [A]): the
/// merge record, A made inactive, a move record for each of A's listings (INSERT … SELECT) and one UPDATE, in a transaction,
/// then the merge as recorded; each iteration's cleanup undoes it and clears the history. "Undo" is
/// <see cref="SellerMerges.UndoAsync"/> of such a merge. The baseline is the bare UPDATE of A's 100,000 rows to B in a
/// transaction, put back after each iteration. Time and allocation from BenchmarkDotNet; the peak heap rise is
/// <see cref="PeakMemory"/>'s.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class SellerMergeBenchmarks
{
    public const int Listings = 200_000;
    public const int SourceListings = Listings / 2;
    public const int TargetListings = Listings / 40;
    public const int Sellers = 1_000;
    private const string By = "benchmark";

    private BenchmarkDatabase database = default!;
    private IDbContextFactory<FlipFlowDbContext> contexts = default!;
    private SellerMerges merges = default!;
    private PoolSeller source = default!;
    private long sourceId;
    private long targetId;
    private long mergeId;

    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
            .WithInvocationCount(1).WithUnrollFactor(1).WithWarmupCount(1).WithIterationCount(5));
    }

    [GlobalSetup]
    public void Setup()
    {
        var clock = Stopwatch.StartNew();
        database = new BenchmarkDatabase();
        contexts = database.Host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>();
        merges = database.Host.Services.GetRequiredService<SellerMerges>();
        var pool = SellerTextPool.Make(Sellers, seed: 13);
        var now = DateTimeOffset.UtcNow;
        var ids = SellerBenchmarkData.AddSellers(contexts, pool.Sellers, now);
        source = pool.Sellers[0];
        var target = pool.Sellers[1];
        sourceId = ids[(source.Platform, source.Key)];
        targetId = ids[(target.Platform, target.Key)];
        RawMarketInsert.InsertAsync(contexts, Make(pool, ids, now)).GetAwaiter().GetResult();
        Check();
        Console.WriteLine($"// {Listings:N0} listings of {Sellers:N0} sellers; A = {sourceId} \"{source.Key}\", B = {targetId} \"{target.Key}\"; made in {clock.Elapsed.TotalSeconds:0} s");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var method in new[] { nameof(RawMergeUpdate), nameof(Merge), nameof(Undo) })
        {
            Console.WriteLine("// " + PeakMemory.Describe(method));
        }
        database.Dispose();
    }

    private static IEnumerable<MarketListing> Make(SellerTextPool pool, IReadOnlyDictionary<(MarketPlatform, string), long> ids, DateTimeOffset now)
    {
        var random = new Random(5);
        for (var index = 0; index < Listings; index++)
        {
            var seller = index % 2 == 0 ? pool.Sellers[0]
                : index % 40 == 1 ? pool.Sellers[1]
                : pool.Sellers[2 + SellerTextPool.Skewed(random, pool.Sellers.Count - 2)];
            yield return SellerBenchmarkData.Listing(index, random, now, seller.Platform, seller.Texts[random.Next(seller.Texts.Count)],
                ids[(seller.Platform, seller.Key)]);
        }
    }

    /// <summary>A holds its 100,000 listings and B its 5,000; no merge is recorded.</summary>
    private void Check()
    {
        using var db = contexts.CreateDbContext();
        var a = db.MarketListings.Count(listing => listing.SellerId == sourceId);
        var b = db.MarketListings.Count(listing => listing.SellerId == targetId);
        var active = db.Sellers.Count(seller => seller.IsActive);
        if (a != SourceListings || b != TargetListings || active != Sellers)
        {
            throw new InvalidOperationException($"A holds {a} listings (expected {SourceListings}), B {b} (expected {TargetListings}); {active} sellers active.");
        }
    }

    private void Ready()
    {
        using (var db = contexts.CreateDbContext())
        {
            if (db.Database.IsSqlite())
            {
                db.Database.ExecuteSqlRaw("PRAGMA wal_checkpoint(TRUNCATE);");
            }
        }
        PeakMemory.Arm();
    }

    private void ClearHistory()
    {
        using var db = contexts.CreateDbContext();
        db.SellerMergeMoves.ExecuteDelete();
        db.SellerMergeSources.ExecuteDelete();
        db.SellerMerges.ExecuteDelete();
    }

    [IterationSetup(Targets = [nameof(RawMergeUpdate), nameof(Merge)])]
    public void Unmerged() => Ready();

    [IterationSetup(Target = nameof(Undo))]
    public void Merged()
    {
        mergeId = merges.MergeAsync(targetId, [sourceId], By).GetAwaiter().GetResult().Id;
        Ready();
    }

    [IterationCleanup(Target = nameof(RawMergeUpdate))]
    public void PutBack()
    {
        using (var db = contexts.CreateDbContext())
        {
            var texts = source.Texts.ToList();
            db.MarketListings.Where(listing => listing.SellerId == targetId && listing.SellerText != null && texts.Contains(listing.SellerText))
                .ExecuteUpdate(update => update.SetProperty(listing => listing.SellerId, sourceId));
        }
        Check();
    }

    [IterationCleanup(Target = nameof(Merge))]
    public void UndoMerge()
    {
        merges.UndoAsync(mergeId, By).GetAwaiter().GetResult();
        ClearHistory();
        Check();
    }

    [IterationCleanup(Target = nameof(Undo))]
    public void Undone()
    {
        ClearHistory();
        Check();
    }

    [Benchmark(Baseline = true, Description = "Raw UPDATE: A's 100,000 listings to B, one transaction")]
    public async Task<int> RawMergeUpdate()
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync();
            await db.Database.OpenConnectionAsync();
            var connection = db.Database.GetDbConnection();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """UPDATE "MarketListings" SET "SellerId" = @target WHERE "SellerId" = @source""";
            command.AddParameter("@target", targetId);
            command.AddParameter("@source", sourceId);
            var moved = await command.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
            if (moved != SourceListings)
            {
                throw new InvalidOperationException($"The raw update moved {moved} listings, not {SourceListings}.");
            }
            return moved;
        }
        finally
        {
            PeakMemory.Stop(nameof(RawMergeUpdate));
        }
    }

    [Benchmark(Description = "Merge: SellerMerges.MergeAsync(B, [A]), A with 100,000 listings")]
    public async Task<int> Merge()
    {
        try
        {
            var merge = await merges.MergeAsync(targetId, [sourceId], By);
            if (merge.MarketListings != SourceListings)
            {
                throw new InvalidOperationException($"The merge moved {merge.MarketListings} listings, not {SourceListings}.");
            }
            mergeId = merge.Id;
            return merge.MarketListings;
        }
        finally
        {
            PeakMemory.Stop(nameof(Merge));
        }
    }

    [Benchmark(Description = "Undo: SellerMerges.UndoAsync of that merge")]
    public async Task<int> Undo()
    {
        try
        {
            var undone = await merges.UndoAsync(mergeId, By);
            if (undone.UndoneAt is null)
            {
                throw new InvalidOperationException($"Merge {mergeId} was not undone.");
            }
            return undone.MarketListings;
        }
        finally
        {
            PeakMemory.Stop(nameof(Undo));
        }
    }
}
