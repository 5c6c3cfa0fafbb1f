using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Batches;
using FlipFlow.Domain.Zombies;
using FlipFlow.Infrastructure.Analytics;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using FlipFlow.Infrastructure.Dashboard;
using FlipFlow.Domain.Snapshots;
using FlipFlow.Domain.Products;

namespace FlipFlow.Benchmarks.Dashboard;

/// <summary>
/// <see cref="DashboardFigures.ReadAsync"/> over a large business: 100,000 products each listed once on one of three
/// marketplaces (80% active, 15% of those judged zombies, all synced), a year of daily totals per marketplace, a year
/// of sales at 1,000 a day (365,000 Sold events, written oldest first: 30,000 in the revenue window) plus as many price changes, 20,000
/// offers, and 200 batches with 3,000 tasks. Per-listing snapshots are not made: the dashboard never reads them (the
/// charts read the daily totals), so 36.5 million rows would only slow the set-up. Target: under 150 ms.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class DashboardBenchmarks
{
    public const int Listings = 100_000;
    public const int Days = 365;
    public const int SalesPerDay = 1_000;
    public const int Offers = 20_000;
    private const int Chunk = 20_000;

    private BenchmarkDatabase database = default!;
    private DashboardFigures figures = default!;

    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(15));
    }

    [GlobalSetup]
    public void Setup()
    {
        database = new BenchmarkDatabase();
        Seed(database.Host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>());
        figures = database.Host.Services.GetRequiredService<DashboardFigures>();
        Check(figures.ReadAsync().GetAwaiter().GetResult());
    }

    /// <summary>Writes the large business described above into a migrated, empty database; the API benchmark reads the same one.</summary>
    public static void Seed(IDbContextFactory<FlipFlowDbContext> contexts)
    {
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var random = new Random(20261122);

        InChunks(contexts, Enumerable.Range(1, Listings).Select(n => new Product
        {
            Sku = $"BENCH-{n:000000}", Title = $"Benchmark card {n}", Price = 0.49m + n % 250 * 1.37m, Quantity = 1 + n % 5, CreatedAt = now, UpdatedAt = now,
        }));
        List<long> products;
        using (var db = contexts.CreateDbContext())
        {
            products = db.Products.AsNoTracking().OrderBy(product => product.Id).Select(product => product.Id).ToList();
        }
        InChunks(contexts, products.Select((product, index) =>
        {
            var active = index % 5 != 0;
            var zombie = active && index % 7 == 0;
            return new Listing
            {
                ProductId = product, Marketplace = (Marketplace)(index % 3), RemoteId = $"bench-{index}",
                Status = active ? ListingStatus.Active : index % 2 == 0 ? ListingStatus.Sold : ListingStatus.Ended,
                Price = 0.49m + index % 250 * 1.37m, Quantity = active ? 1 + index % 5 : 0, ListedAt = now.AddMinutes(-random.Next(0, Days * 24 * 60)),
                Views = index % 3 == 2 ? null : index % 500, Impressions = index % 3 == 2 ? null : index % 5000, Watchers = index % 3 == 2 ? null : index % 4,
                QuantitySold = index % 4, LastSyncedAt = now.AddMinutes(-random.Next(0, 120)),
                ZombieScore = zombie ? random.Next(30, 100) : null, ZombieDiagnosis = zombie ? ZombieDiagnosis.OldAndUnsold : null,
                ZombieReasons = zombie ? "listed long ago, no sale in 90 days" : null, JudgedAt = zombie ? now : null, CreatedAt = now, UpdatedAt = now,
            };
        }));
        List<long> listingIds;
        using (var db = contexts.CreateDbContext())
        {
            listingIds = db.Listings.AsNoTracking().OrderBy(listing => listing.Id).Select(listing => listing.Id).ToList();
        }
        // Events are written as they happen, oldest first, so a window of them lies together on disk as in real life.
        InChunks(contexts, Enumerable.Range(0, Days * SalesPerDay).SelectMany(n =>
        {
            var listing = listingIds[random.Next(listingIds.Count)];
            var at = now.AddSeconds(-random.Next(0, Days * 24 * 3600));
            return new[]
            {
                new ListingEvent { ListingId = listing, Kind = ListingEventKind.Sold, Quantity = 1, Amount = 1.5m + n % 300, Currency = "USD", OldValue = "2", NewValue = "1", At = at },
                new ListingEvent { ListingId = listing, Kind = ListingEventKind.PriceChanged, OldValue = "10.00", NewValue = "9.50", At = at.AddHours(-3) },
            };
        }).OrderBy(change => change.At).ToList());
        InChunks(contexts, Enumerable.Range(0, Offers).Select(n => new ListingOffer
        {
            ListingId = listingIds[random.Next(listingIds.Count)], Price = 5m + n % 50, DiscountPercent = 10m, Watchers = 1 + n % 6,
            Status = n % 20 == 0 ? OfferStatus.Failed : OfferStatus.Sent, SentBy = "offers job", SentAt = now.AddMinutes(-random.Next(0, Days * 24 * 60)),
        }));
        InChunks(contexts, Enumerable.Range(1, Days).SelectMany(back => Marketplaces.All.Select(marketplace => new DailyListingTotals
        {
            Date = today.AddDays(-back), Marketplace = marketplace, Currency = "USD", ActiveListings = 26_000 + back, Views = marketplace == Marketplace.Etsy ? null : 90_000 + back,
            Impressions = marketplace == Marketplace.Etsy ? null : 900_000, Watchers = 4_000, UnitsSold = SalesPerDay / 3, Revenue = 50_000m, ListedValue = 9_000_000m,
        })));
        InChunks(contexts, Enumerable.Range(0, 200).Select(n => new BatchJob
        {
            Title = $"Publish {n}", RequestedBy = "benchmark", CreatedAt = now.AddHours(-n),
            Status = n < 2 ? BatchStatus.Running : n < 7 ? BatchStatus.Pending : BatchStatus.Completed, TotalJobs = 10,
            Jobs = Enumerable.Range(0, 5).Select(j => new MarketplaceJob
            {
                Operation = MarketplaceOperation.Publish, Marketplace = Marketplace.Demo, CreatedAt = now.AddHours(-n),
                Status = n < 7 ? MarketplaceJobStatus.Pending : MarketplaceJobStatus.Completed,
                Tasks = Enumerable.Range(0, 3).Select(t => new MarketplaceTask
                {
                    Order = t, Step = StepType.Validate, Name = $"Validate {t}", IdempotencyKey = $"{n}-{j}-{t}",
                    Status = (n + j + t) % 10 == 0 ? MarketplaceTaskStatus.Failed : MarketplaceTaskStatus.Completed,
                    StartedAt = now.AddHours(-n), FinishedAt = now.AddHours(-n).AddSeconds(1),
                }).ToList(),
            }).ToList(),
        }));
        using (var db = contexts.CreateDbContext())
        {
            // As the nightly maintenance job leaves it: the planner knows the tables' sizes.
            db.Database.ExecuteSqlRaw("ANALYZE");
        }
    }

    /// <summary>Throws unless the figures read are those of the business <see cref="Seed"/> writes.</summary>
    public static void Check(DashboardReport check)
    {
        if (check.Listings.Active != Listings * 4 / 5 || check.Days.Count(day => day.ActiveListings is not null) != DashboardFigures.ChartDays
            || check.Listings.SoldLast30Days < 25_000 || check.Zombies.Worst.Count != 5)
        {
            throw new InvalidOperationException($"The benchmark's data is not what it should be: {check.Listings}, {check.Zombies.Count} zombies.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => database.Dispose();

    [Benchmark(Description = "Dashboard figures: 100,000 listings, a year of totals and sales")]
    public Task<DashboardReport> Read() => figures.ReadAsync();

    private static void InChunks<T>(IDbContextFactory<FlipFlowDbContext> contexts, IEnumerable<T> rows) where T : class
    {
        foreach (var chunk in rows.Chunk(Chunk))
        {
            using var db = contexts.CreateDbContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            using var transaction = db.Database.BeginTransaction();
            db.AddRange(chunk);
            db.SaveChanges();
            transaction.Commit();
        }
    }
}
