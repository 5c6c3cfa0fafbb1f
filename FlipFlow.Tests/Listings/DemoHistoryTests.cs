using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Zombies;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Listings;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using FlipFlow.Domain.Snapshots;

namespace FlipFlow.Tests.Listings;

[Trait("Category", "Integration")]
public sealed class DemoHistoryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 15, 0, 0, TimeSpan.Zero);
    private TestDatabase database = default!;
    private IHost host = default!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        host = TestHost.Build(database, new ManualClock(Now));
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task The_demo_history_has_healthy_slow_and_zombie_listings_with_a_snapshot_a_day_and_is_seeded_once()
    {
        var seeded = await host.Services.GetRequiredService<DemoHistory>().SeedAsync();

        Assert.NotNull(seeded);
        Assert.Equal(2000, seeded.Listings);
        Assert.Null(await host.Services.GetRequiredService<DemoHistory>().SeedAsync());
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>().CreateDbContextAsync();
        var listings = await db.Listings.AsNoTracking().ToListAsync();
        Assert.Equal(2000, listings.Count);
        Assert.Equal(2000, await db.DemoListings.CountAsync());
        Assert.All(listings, listing => Assert.StartsWith("demo-", listing.RemoteId));
        // The product owns the stock: what sold is gone from it.
        var stock = await db.Products.AsNoTracking().ToDictionaryAsync(product => product.Id, product => product.Quantity);
        Assert.All(listings, listing => Assert.Equal(listing.Quantity, stock[listing.ProductId]));
        Assert.Contains(listings, listing => listing.Status == ListingStatus.Sold && stock[listing.ProductId] == 0);
        var snapshots = await db.ListingSnapshots.AsNoTracking().ToListAsync();
        Assert.Equal(seeded.Snapshots, snapshots.Count);
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        Assert.Equal(today.AddDays(-1), snapshots.Max(snapshot => snapshot.Date));
        Assert.True(snapshots.Min(snapshot => snapshot.Date) <= today.AddDays(-DemoHistory.Days));
        // A day per listing from its listing to yesterday or its sale, none twice.
        foreach (var listing in listings.Take(200))
        {
            var days = snapshots.Where(snapshot => snapshot.ListingId == listing.Id).Select(snapshot => snapshot.Date).Order().ToList();
            Assert.Equal(days.Count, days.Distinct().Count());
            Assert.True(days.Count == 0 || days[^1].DayNumber - days[0].DayNumber + 1 == days.Count, $"listing {listing.Id} misses days");
        }
        var totals = await db.DailyListingTotals.AsNoTracking().OrderBy(day => day.Date).ToListAsync();
        Assert.InRange(totals.Count, DemoHistory.Days, DemoHistory.Days + 1);
        var yesterday = totals[^1];
        Assert.Equal(snapshots.Count(snapshot => snapshot.Date == yesterday.Date && snapshot.Status == ListingStatus.Active), yesterday.ActiveListings);
        Assert.True(yesterday.Views > 0 && yesterday.ListedValue > 0);

        // Judged as the zombie killer will judge them: a real mix, and every diagnosis represented.
        var scorer = new ZombieScorer();
        var monthAgo = today.AddDays(-30);
        var verdicts = listings.Where(listing => listing.Status == ListingStatus.Active).Select(listing =>
        {
            var month = snapshots.Where(snapshot => snapshot.ListingId == listing.Id && snapshot.Date >= monthAgo).ToList();
            return scorer.Judge(new ListingFacts
            {
                ListingId = listing.Id,
                ListedAt = listing.ListedAt!.Value,
                ViewsLast30Days = month.Sum(snapshot => snapshot.Views ?? 0),
                ImpressionsLast30Days = month.Sum(snapshot => snapshot.Impressions ?? 0),
                Watchers = listing.Watchers,
                LastSaleAt = listing.LastSaleAt,
                Price = listing.Price,
                Currency = listing.Currency,
            }, Now);
        }).ToList();
        var zombies = verdicts.Where(verdict => verdict.IsZombie).ToList();
        Assert.InRange(zombies.Count, verdicts.Count / 10, verdicts.Count / 2);
        Assert.True(verdicts.Count(verdict => verdict.Outcome == ZombieOutcome.Healthy) > verdicts.Count / 4);
        Assert.Equal(Enum.GetValues<ZombieDiagnosis>().Order(), zombies.Select(zombie => zombie.Diagnosis!.Value).Distinct().Order());
    }
}
