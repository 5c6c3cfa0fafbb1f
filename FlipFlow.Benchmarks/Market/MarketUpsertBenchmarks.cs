using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Market;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Benchmarks.Market;

/// <summary>
/// A market scan of 100,000 listings through <see cref="MarketListingUpserter"/> (titles read against 437 cards), against
/// the raw insert rate of the same database in the same run: the same rows written by prepared INSERTs, a transaction per
/// <see cref="MarketListingUpserter.BatchSize"/> rows, without reading anything first. "Scan" writes 100,000 new listings
/// into an empty table; "Rescan" finds all 100,000 again with 1% of the prices changed.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class MarketUpsertBenchmarks
{
    public const int Listings = 100_000;
    private static readonly DateTimeOffset At = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private BenchmarkDatabase database = default!;
    private IDbContextFactory<FlipFlowDbContext> contexts = default!;
    private MarketListingUpserter upserter = default!;
    private List<Card> cards = [];
    private List<ObservedListing> read = [];
    private List<ObservedListing> reread = [];
    private List<MarketListing> rows = [];

    private sealed class Config : ManualConfig
    {
        public Config() => AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
            .WithInvocationCount(1).WithUnrollFactor(1).WithWarmupCount(1).WithIterationCount(3));
    }

    [GlobalSetup]
    public void Setup()
    {
        database = new BenchmarkDatabase();
        contexts = database.Host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>();
        upserter = database.Host.Services.GetRequiredService<MarketListingUpserter>();
        string[] rarities = ["Common", "Uncommon", "Rare", "Epic", "Mythic"];
        cards = [.. Enumerable.Range(1, 437).Select(index => new Card
        {
            Set = "Existence", Number = $"{index:D3}/401", Name = $"Benchcard {index:D3}", Rarity = rarities[index % rarities.Length],
        })];
        using (var db = contexts.CreateDbContext())
        {
            db.Cards.AddRange(cards);
            db.SaveChanges();
        }
        read = [.. Enumerable.Range(0, Listings).Select(index => new ObservedListing(
            (MarketPlatform)(index % 3), $"bench-{index}", $"https://example.test/itm/{index}",
            $"Wonders of the First Existence {cards[index % cards.Count].Name} Classic Foil NM", MarketListingFormat.FixedPrice,
            index % 4 == 0 ? MarketListingStatus.Sold : MarketListingStatus.Active, 1m + index % 500, "USD", 1.25m, 1,
            index % 4 == 0 ? At.AddDays(-1) : null, $"seller{index % 300}  99.{index % 10}% positive ({index % 900})"))];
        rows = [.. read.Select(listing => new MarketListing
        {
            Platform = listing.Platform, ExternalId = listing.ExternalId, Url = listing.Url, Title = listing.Title, Format = listing.Format,
            Status = listing.Status, Price = listing.Price, Currency = listing.Currency, Shipping = listing.Shipping, Quantity = listing.Quantity,
            FirstSeenAt = At, LastSeenAt = At, SoldAt = listing.SoldAt, SellerText = listing.SellerText, Source = MarketSourceKind.Demo,
            ParseConfidence = 1.0,
        })];
        reread = [.. read.Select((listing, index) => index % 100 == 0 ? listing with { Price = listing.Price + 0.5m } : listing)];
    }

    [GlobalCleanup]
    public void Cleanup() => database.Dispose();

    [IterationSetup(Targets = [nameof(RawInsert), nameof(Scan)])]
    public void Empty()
    {
        using var db = contexts.CreateDbContext();
        db.MarketListingEvents.ExecuteDelete();
        db.MarketListings.ExecuteDelete();
    }

    [IterationSetup(Target = nameof(Rescan))]
    public void Seen()
    {
        Empty();
        upserter.UpsertAsync(MarketSourceKind.Demo, listsActives: true, read, cards, At).GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "Raw insert of 100,000 listings")]
    public Task RawInsert() => RawMarketInsert.InsertAsync(contexts, rows);

    [Benchmark(Description = "Scan: upsert 100,000 new listings")]
    public async Task Scan()
    {
        var result = await upserter.UpsertAsync(MarketSourceKind.Demo, listsActives: true, read, cards, At);
        if (result.Created != Listings)
        {
            throw new InvalidOperationException($"Expected {Listings} new listings: {result}.");
        }
    }

    [Benchmark(Description = "Rescan: upsert 100,000 seen listings, 1% repriced")]
    public async Task Rescan()
    {
        var result = await upserter.UpsertAsync(MarketSourceKind.Demo, listsActives: true, reread, cards, At.AddHours(6));
        if (result.Updated != Listings || result.PriceChanges != Listings / 100)
        {
            throw new InvalidOperationException($"Expected {Listings} updated, {Listings / 100} repriced: {result}.");
        }
    }
}
