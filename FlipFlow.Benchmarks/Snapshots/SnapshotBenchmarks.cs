using System.Data.Common;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Listings;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using FlipFlow.Infrastructure.Snapshots;
using FlipFlow.Domain.Products;

namespace FlipFlow.Benchmarks.Snapshots;

/// <summary>
/// The daily snapshot of 100,000 Active listings on three marketplaces (a third of them on Etsy, which reports no
/// views), each with two earlier days of snapshots to measure its day against. Every measurement collects the same
/// day again, so it deletes the 100,000 rows the last one wrote and writes them anew, with the day's totals.
/// Target: under 10 s on SQLite.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class SnapshotBenchmarks
{
    public const int Listings = 100_000;

    /// <summary>Distinct prices, so the totals are summed over many price groups as a real catalogue's would be.</summary>
    private const int Prices = 250;

    private BenchmarkDatabase database = default!;
    private ListingSnapshotter snapshotter = default!;
    private DateOnly day;

    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
            .WithInvocationCount(1).WithUnrollFactor(1).WithWarmupCount(1).WithIterationCount(5));
    }

    [GlobalSetup]
    public void Setup()
    {
        database = new BenchmarkDatabase();
        var contexts = database.Host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>();
        using (var db = contexts.CreateDbContext())
        {
            db.Database.OpenConnection();
            InsertListings(db);
        }
        snapshotter = database.Host.Services.GetRequiredService<ListingSnapshotter>();
        day = snapshotter.LastEndedDay;
        foreach (var earlier in new[] { day.AddDays(-2), day.AddDays(-1) })
        {
            snapshotter.CollectAsync(earlier).GetAwaiter().GetResult();
            using var db = contexts.CreateDbContext();
            // A day's activity: views and impressions for all, a sale for every tenth listing.
            db.Listings.ExecuteUpdate(setters => setters
                .SetProperty(listing => listing.Views, listing => listing.Views + 3)
                .SetProperty(listing => listing.Impressions, listing => listing.Impressions + 40)
                .SetProperty(listing => listing.QuantitySold, listing => listing.QuantitySold + (listing.Id % 10 == 0 ? 1 : 0)));
        }
    }

    [GlobalCleanup]
    public void Cleanup() => database.Dispose();

    [Benchmark(Description = "Collect a day of 100,000 listings, replacing it")]
    public async Task Collect()
    {
        var report = await snapshotter.CollectAsync(day);
        if (report.Snapshots != Listings || report.Totals != 3)
        {
            throw new InvalidOperationException($"Expected {Listings} snapshots in 3 marketplace totals: {report}.");
        }
    }

    /// <summary>Products and their listings, each made by one INSERT ... SELECT over a recursive count (SQLite and PostgreSQL).</summary>
    private static void InsertListings(FlipFlowDbContext db)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var product = db.Model.FindEntityType(typeof(Product))!;
        var listing = db.Model.FindEntityType(typeof(Listing))!;
        var now = DateTimeOffset.UtcNow;
        using var transaction = db.Database.BeginTransaction();

        using (var command = Command(db))
        {
            var prices = Enumerable.Range(0, Prices).Select(index => $"({index}, {Parameter(command, product, nameof(Product.Price), $"price{index}", 0.49m + index * 1.37m)})");
            command.CommandText =
                $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Listings}), " +
                $"prices(k, price) AS (VALUES {string.Join(", ", prices)}) " +
                $"INSERT INTO {Table(sql, product)} ({Columns(sql, product, nameof(Product.Sku), nameof(Product.Title), nameof(Product.Description),
                    nameof(Product.Condition), nameof(Product.Price), nameof(Product.Currency), nameof(Product.Quantity), nameof(Product.Images),
                    nameof(Product.ItemSpecifics), nameof(Product.CreatedAt), nameof(Product.UpdatedAt))}) " +
                $"SELECT 'BENCH-' || i, 'Benchmark card ' || i, '', {Parameter(command, product, nameof(Product.Condition), "condition", ItemCondition.New)}, " +
                $"price, 'USD', 1 + i % 5, {Parameter(command, product, nameof(Product.Images), "images", new List<string>())}, '{{}}', " +
                $"{Parameter(command, product, nameof(Product.CreatedAt), "created", now)}, {Parameter(command, product, nameof(Product.UpdatedAt), "updated", now)} " +
                $"FROM n JOIN prices ON k = i % {Prices}";
            command.ExecuteNonQuery();
        }

        using (var command = Command(db))
        {
            string Column(string property) => sql.DelimitIdentifier(product.FindProperty(property)!.GetColumnName());
            var id = Column(nameof(Product.Id));
            var marketplace = $"CASE {id} % 3 WHEN 0 THEN {Parameter(command, listing, nameof(Listing.Marketplace), "demo", Marketplace.Demo)} " +
                $"WHEN 1 THEN {Parameter(command, listing, nameof(Listing.Marketplace), "ebay", Marketplace.Ebay)} " +
                $"ELSE {Parameter(command, listing, nameof(Listing.Marketplace), "etsy", Marketplace.Etsy)} END";
            command.CommandText =
                $"INSERT INTO {Table(sql, listing)} ({Columns(sql, listing, nameof(Listing.ProductId), nameof(Listing.Marketplace), nameof(Listing.RemoteId),
                    nameof(Listing.Status), nameof(Listing.Price), nameof(Listing.Currency), nameof(Listing.Quantity), nameof(Listing.ListedAt),
                    nameof(Listing.Views), nameof(Listing.Impressions), nameof(Listing.Watchers), nameof(Listing.QuantitySold),
                    nameof(Listing.CreatedAt), nameof(Listing.UpdatedAt))}) " +
                $"SELECT {id}, {marketplace}, 'bench-' || {id}, {Parameter(command, listing, nameof(Listing.Status), "active", ListingStatus.Active)}, " +
                $"{Column(nameof(Product.Price))}, {Column(nameof(Product.Currency))}, {Column(nameof(Product.Quantity))}, " +
                $"{Parameter(command, listing, nameof(Listing.ListedAt), "listed", now.AddDays(-90))}, " +
                $"CASE WHEN {id} % 3 = 2 THEN NULL ELSE {id} % 500 END, CASE WHEN {id} % 3 = 2 THEN NULL ELSE {id} % 5000 END, " +
                $"{id} % 9, {id} % 4, {Parameter(command, listing, nameof(Listing.CreatedAt), "listingCreated", now)}, " +
                $"{Parameter(command, listing, nameof(Listing.UpdatedAt), "listingUpdated", now)} " +
                $"FROM {Table(sql, product)}";
            if (command.ExecuteNonQuery() != Listings)
            {
                throw new InvalidOperationException($"Expected {Listings} listings.");
            }
        }
        transaction.Commit();
    }

    private static DbCommand Command(FlipFlowDbContext db)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandTimeout = 600;
        return command;
    }

    /// <summary>Adds a parameter holding the value as the property's column stores it, and returns its placeholder.</summary>
    private static string Parameter(DbCommand command, IEntityType entity, string property, string name, object value)
    {
        command.Parameters.Add(entity.FindProperty(property)!.GetRelationalTypeMapping().CreateParameter(command, "@" + name, value, nullable: false));
        return "@" + name;
    }

    private static string Table(ISqlGenerationHelper sql, IEntityType entity) => sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());

    private static string Columns(ISqlGenerationHelper sql, IEntityType entity, params string[] properties) =>
        string.Join(", ", properties.Select(property => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName())));
}
