using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Batches;
using FlipFlow.Domain.Zombies;
using FlipFlow.Infrastructure.Analytics;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Listings;
using FlipFlow.Infrastructure.Marketplaces;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using FlipFlow.Infrastructure.Dashboard;
using FlipFlow.Infrastructure.Zombies;
using FlipFlow.Domain.Snapshots;
using FlipFlow.Domain.Products;

namespace FlipFlow.Tests.Dashboard;

[Trait("Category", "Integration")]
public sealed class DashboardFiguresTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 15, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = DateOnly.FromDateTime(Now.UtcDateTime);
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

    private Task<DashboardReport> ReadAsync() => host.Services.GetRequiredService<DashboardFigures>().ReadAsync();

    private async Task<FlipFlowDbContext> DbAsync() =>
        await host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>().CreateDbContextAsync();

    [Fact]
    public async Task An_empty_database_reads_as_zeros_no_rate_and_ninety_days_without_data()
    {
        var report = await ReadAsync();

        Assert.Equal(Now, report.ReadAt);
        Assert.Equal((0, 0, 0, 0, 0), (report.Listings.Active, report.Listings.NewLast7Days, report.Listings.SoldLast7Days,
            report.Listings.SoldLast30Days, report.Listings.UnitsActive));
        Assert.Empty(report.Listings.RevenueLast30Days);
        Assert.Null(report.Listings.SellThroughRate30Days);
        Assert.Equal(0, report.Zombies.Count);
        Assert.Empty(report.RecentSales);
        Assert.Empty(report.RecentOffers);
        Assert.Equal(DashboardFigures.ChartDays, report.Days.Count);
        Assert.All(report.Days, day => Assert.Null(day.ActiveListings));
        Assert.Equal(FlipFlow.Domain.Marketplaces.Marketplaces.All, report.Health.Marketplaces.Select(marketplace => marketplace.Marketplace));
        Assert.All(report.Health.Marketplaces, marketplace => Assert.Null(marketplace.SyncAgeSeconds));
        Assert.Equal(ConnectionHealth.Connected, report.Health.Marketplaces.Single(marketplace => marketplace.Marketplace == Marketplace.Demo).Connection);
    }

    [Fact]
    public async Task Hand_made_rows_give_exact_listing_figures_revenue_sell_through_zombie_order_queue_and_days()
    {
        await using (var db = await DbAsync())
        {
            var products = Enumerable.Range(1, 10).Select(n => new Product
            {
                Sku = $"SKU-{n:00}", Title = $"Card {n}", Price = 10m, Quantity = 5, CreatedAt = Now, UpdatedAt = Now,
            }).ToList();
            db.Products.AddRange(products);
            await db.SaveChangesAsync();
            Listing Make(int product, ListingStatus status, int quantity, double listedDaysAgo, Marketplace marketplace = Marketplace.Demo,
                int? score = null, double? syncedHoursAgo = null) => new()
            {
                ProductId = products[product].Id, Marketplace = marketplace, Status = status, Price = 10m, Quantity = quantity,
                ListedAt = Now.AddDays(-listedDaysAgo), LastSyncedAt = syncedHoursAgo is { } hours ? Now.AddHours(-hours) : null,
                ZombieScore = score, ZombieDiagnosis = score is null ? null : ZombieDiagnosis.BarelyShown,
                ZombieReasons = score is null ? null : $"reason {score}", CreatedAt = Now, UpdatedAt = Now,
            };
            var listings = new List<Listing>
            {
                Make(0, ListingStatus.Active, 3, 2, syncedHoursAgo: 2),          // new this week
                Make(1, ListingStatus.Active, 2, 6.9, syncedHoursAgo: 5),        // new this week
                Make(2, ListingStatus.Active, 1, 8, score: 40),                  // zombie
                Make(3, ListingStatus.Active, 4, 100, score: 90),                // zombie, the worst
                Make(4, ListingStatus.Active, 1, 60, score: 70),
                Make(5, ListingStatus.Active, 1, 60, score: 55),
                Make(6, ListingStatus.Active, 1, 60, score: 55),
                Make(7, ListingStatus.Active, 1, 60, score: 20),
                Make(8, ListingStatus.Ended, 0, 3, score: 99),                   // new this week but not active: no zombie either
                Make(9, ListingStatus.Sold, 0, 40, Marketplace.Ebay, syncedHoursAgo: 30),
            };
            db.Listings.AddRange(listings);
            await db.SaveChangesAsync();
            ListingEvent Sale(Listing listing, int quantity, decimal amount, string currency, double daysAgo) => new()
            {
                ListingId = listing.Id, Kind = ListingEventKind.Sold, Quantity = quantity, Amount = amount, Currency = currency, At = Now.AddDays(-daysAgo),
            };
            db.ListingEvents.AddRange(
                Sale(listings[0], 1, 12.34m, "USD", 0.5),
                Sale(listings[1], 2, 20.01m, "USD", 6.99),
                Sale(listings[9], 3, 30.10m, "EUR", 10),        // in 30 days, not in 7
                Sale(listings[9], 1, 5.55m, "USD", 29.9),
                Sale(listings[9], 7, 99m, "USD", 30.1),         // too old
                new ListingEvent { ListingId = listings[0].Id, Kind = ListingEventKind.PriceChanged, OldValue = "9", NewValue = "10", At = Now.AddHours(-1) });
            db.ListingOffers.AddRange(Enumerable.Range(1, 12).Select(n => new ListingOffer
            {
                ListingId = listings[4].Id, Price = 9m, DiscountPercent = 10m, Watchers = n, Status = OfferStatus.Sent, SentBy = "test",
                SentAt = Now.AddHours(-n),
            }));
            var running = new BatchJob { Title = "running", RequestedBy = "test", Status = BatchStatus.Running, CreatedAt = Now };
            db.BatchJobs.AddRange(running,
                new BatchJob { Title = "pending 1", RequestedBy = "test", Status = BatchStatus.Pending, CreatedAt = Now },
                new BatchJob { Title = "pending 2", RequestedBy = "test", Status = BatchStatus.Pending, CreatedAt = Now },
                new BatchJob { Title = "done", RequestedBy = "test", Status = BatchStatus.CompletedWithFailures, CreatedAt = Now.AddDays(-3) });
            await db.SaveChangesAsync();
            MarketplaceTask Task(int order, MarketplaceTaskStatus status, double hoursAgo) => new()
            {
                Order = order, Step = StepType.Validate, Name = $"Validate {order}", Status = status, IdempotencyKey = Guid.NewGuid().ToString("N"),
                FinishedAt = Now.AddHours(-hoursAgo),
            };
            db.MarketplaceJobs.AddRange(
                new MarketplaceJob
                {
                    BatchId = running.Id, Operation = MarketplaceOperation.Publish, Marketplace = Marketplace.Demo, Status = MarketplaceJobStatus.Failed,
                    CreatedAt = Now, Tasks = [Task(0, MarketplaceTaskStatus.Failed, 1), Task(1, MarketplaceTaskStatus.Failed, 30), Task(2, MarketplaceTaskStatus.Completed, 1)],
                },
                new MarketplaceJob { BatchId = running.Id, Operation = MarketplaceOperation.Publish, Marketplace = Marketplace.Demo, Status = MarketplaceJobStatus.Pending, CreatedAt = Now },
                new MarketplaceJob { BatchId = running.Id, Operation = MarketplaceOperation.Publish, Marketplace = Marketplace.Demo, Status = MarketplaceJobStatus.Pending, CreatedAt = Now });
            // Two marketplaces (and two currencies) on one day add up; the 10th day back has no totals at all.
            for (var back = 1; back <= DashboardFigures.ChartDays + 5; back++)
            {
                if (back == 10)
                {
                    continue;
                }
                db.DailyListingTotals.Add(new DailyListingTotals
                {
                    Date = Today.AddDays(-back), Marketplace = Marketplace.Demo, Currency = "USD", ActiveListings = 100 + back, Views = back,
                    UnitsSold = 2, Revenue = 20m,
                });
                if (back == 1)
                {
                    db.DailyListingTotals.Add(new DailyListingTotals
                    {
                        Date = Today.AddDays(-back), Marketplace = Marketplace.Etsy, Currency = "EUR", ActiveListings = 7, Views = null, UnitsSold = 1,
                    });
                }
            }
            await db.SaveChangesAsync();
        }

        var report = await ReadAsync();

        var figures = report.Listings;
        Assert.Equal(8, figures.Active);
        Assert.Equal(3, figures.NewLast7Days);
        Assert.Equal(3, figures.SoldLast7Days);
        Assert.Equal(7, figures.SoldLast30Days);
        Assert.Equal([new DashboardMoney("USD", 37.90m), new DashboardMoney("EUR", 30.10m)], figures.RevenueLast30Days);
        Assert.Equal(14, figures.UnitsActive);
        // 7 sold / (7 sold + 14 on offer now).
        Assert.Equal(7.0 / 21, figures.SellThroughRate30Days!.Value, 10);

        Assert.Equal(6, report.Zombies.Count);
        Assert.Equal([90, 70, 55, 55, 40], report.Zombies.Worst.Select(zombie => zombie.Score));
        var worst = report.Zombies.Worst[0];
        Assert.Equal(("SKU-04", "Card 4", ZombieDiagnosis.BarelyShown, "reason 90"), (worst.Sku, worst.Title, worst.Diagnosis, worst.Reasons));
        // Equal scores keep the listing order.
        Assert.True(report.Zombies.Worst[2].ListingId < report.Zombies.Worst[3].ListingId);

        Assert.Equal(new DashboardQueue(BatchesRunning: 1, BatchesPending: 2, JobsWaiting: 2, FailedTasksLastDay: 1), report.Queue);

        Assert.Equal(5, report.RecentSales.Count);
        Assert.Equal(["Card 1", "Card 2", "Card 10", "Card 10", "Card 10"], report.RecentSales.Select(sale => sale.Title));
        Assert.Equal((1, 12.34m, "USD", "SKU-01"), (report.RecentSales[0].Quantity, report.RecentSales[0].Amount, report.RecentSales[0].Currency,
            report.RecentSales[0].Sku));
        Assert.Equal(DashboardFigures.RecentCount, report.RecentOffers.Count);
        Assert.Equal(Enumerable.Range(1, 10), report.RecentOffers.Select(offer => offer.Watchers));
        Assert.All(report.RecentOffers, offer => Assert.Equal("Card 5", offer.Title));

        var demo = report.Health.Marketplaces.Single(marketplace => marketplace.Marketplace == Marketplace.Demo);
        Assert.Equal((8, Now.AddHours(-2), 2 * 3600L), (demo.ActiveListings, demo.LastSyncAt, demo.SyncAgeSeconds));
        Assert.Equal(30 * 3600L, report.Health.Marketplaces.Single(marketplace => marketplace.Marketplace == Marketplace.Ebay).SyncAgeSeconds);
        Assert.Null(report.Health.Marketplaces.Single(marketplace => marketplace.Marketplace == Marketplace.Etsy).LastSyncAt);

        Assert.Equal(DashboardFigures.ChartDays, report.Days.Count);
        Assert.Equal(Today.AddDays(-DashboardFigures.ChartDays), report.Days[0].Date);
        Assert.Equal(Today.AddDays(-1), report.Days[^1].Date);
        Assert.Equal(new DashboardDay(Today.AddDays(-1), 101 + 7, 1, 3), report.Days[^1]);
        Assert.Equal(new DashboardDay(Today.AddDays(-2), 102, 2, 2), report.Days[^2]);
        Assert.Equal(new DashboardDay(Today.AddDays(-10), null, null, null), report.Days[^10]);
        Assert.Equal(89, report.Days.Count(day => day.ActiveListings is not null));
    }

    [Fact]
    public async Task With_the_demo_history_every_figure_agrees_with_the_rows_and_the_charts_have_ninety_days()
    {
        Assert.NotNull(await host.Services.GetRequiredService<DemoHistory>().SeedAsync());

        var report = await ReadAsync();

        await using var db = await DbAsync();
        var listings = await db.Listings.AsNoTracking().ToListAsync();
        var sales = (await db.ListingEvents.AsNoTracking().Where(change => change.Kind == ListingEventKind.Sold).ToListAsync())
            .Where(sale => sale.At > Now.AddDays(-30)).ToList();
        var active = listings.Where(listing => listing.Status == ListingStatus.Active).ToList();
        Assert.True(active.Count > 0 && sales.Count > 0);
        Assert.Equal(active.Count, report.Listings.Active);
        Assert.Equal(listings.Count(listing => listing.ListedAt > Now.AddDays(-7)), report.Listings.NewLast7Days);
        Assert.Equal(sales.Where(sale => sale.At > Now.AddDays(-7)).Sum(sale => sale.Quantity), report.Listings.SoldLast7Days);
        Assert.Equal(sales.Sum(sale => sale.Quantity), report.Listings.SoldLast30Days);
        Assert.Equal(sales.Sum(sale => sale.Amount), Assert.Single(report.Listings.RevenueLast30Days, money => money.Currency == "USD").Amount);
        Assert.Equal(active.Sum(listing => listing.Quantity), report.Listings.UnitsActive);
        Assert.InRange(report.Listings.SellThroughRate30Days!.Value, 0.0001, 0.9999);
        Assert.True(report.Listings.NewLast7Days > 0 && report.Listings.SoldLast7Days > 0);

        var totals = await db.DailyListingTotals.AsNoTracking().ToListAsync();
        Assert.Equal(DashboardFigures.ChartDays, report.Days.Count);
        Assert.All(report.Days, day =>
        {
            var row = Assert.Single(totals, total => total.Date == day.Date);
            Assert.Equal(new DashboardDay(row.Date, row.ActiveListings, row.Views, row.UnitsSold), day);
        });
        Assert.Equal(DemoHistory.ListingCount, report.Health.Marketplaces.Single(marketplace => marketplace.Marketplace == Marketplace.Demo).ActiveListings
            + listings.Count(listing => listing.Status != ListingStatus.Active));
        Assert.Equal(0, report.Health.Marketplaces.Single(marketplace => marketplace.Marketplace == Marketplace.Demo).SyncAgeSeconds);
        Assert.Equal(DashboardFigures.RecentCount, report.RecentSales.Count);
        Assert.Equal(sales.OrderByDescending(sale => sale.At).Take(DashboardFigures.RecentCount).Select(sale => sale.At),
            report.RecentSales.Select(sale => sale.At));
    }

    [Fact]
    public async Task The_worst_five_zombies_are_the_top_of_the_zombies_page_equal_scores_oldest_first()
    {
        await using (var db = await DbAsync())
        {
            var product = new Product { Sku = "SKU-Z", Title = "Card Z", Price = 10m, Quantity = 5, CreatedAt = Now, UpdatedAt = Now };
            db.Products.Add(product);
            // Listed n days ago with score s, inserted in this order (so ids rise down the list): an id order would put the
            // young 80s first, the Zombies page puts the old ones first.
            (int Score, int DaysListed, ListingStatus Status)[] rows =
            [
                (80, 61, ListingStatus.Active), (80, 62, ListingStatus.Active), (95, 61, ListingStatus.Ended), (80, 200, ListingStatus.Active),
                (70, 300, ListingStatus.Active), (80, 150, ListingStatus.Active), (90, 61, ListingStatus.Active), (80, 100, ListingStatus.Active),
            ];
            db.Listings.AddRange(rows.Select(row => new Listing
            {
                Product = product, Marketplace = Marketplace.Demo, Status = row.Status, Price = 10m, Quantity = 1, ListedAt = Now.AddDays(-row.DaysListed),
                ZombieScore = row.Score, ZombieDiagnosis = ZombieDiagnosis.OldAndUnsold, ZombieReasons = $"listed {row.DaysListed} days", CreatedAt = Now,
                UpdatedAt = Now,
            }));
            await db.SaveChangesAsync();
        }

        var report = await ReadAsync();
        var page = await host.Services.GetRequiredService<ZombieReader>().ListAsync(take: DashboardFigures.WorstZombies);

        Assert.Equal(["listed 61 days", "listed 200 days", "listed 150 days", "listed 100 days", "listed 62 days"],
            report.Zombies.Worst.Select(zombie => zombie.Reasons));
        Assert.Equal(page.Rows.Select(row => row.ListingId), report.Zombies.Worst.Select(zombie => zombie.ListingId));
    }
}
