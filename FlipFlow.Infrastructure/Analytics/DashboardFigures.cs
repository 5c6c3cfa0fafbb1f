using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Orchestration;
using FlipFlow.Domain.Zombies;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Infrastructure.Marketplaces;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Analytics;

/// <summary>Every figure of the dashboard, read at <see cref="ReadAt"/>; <c>stats dashboard --json</c> prints it as it is.</summary>
/// <param name="Days">The last <see cref="DashboardFigures.ChartDays"/> whole days (UTC), oldest first, ending yesterday.</param>
public sealed record DashboardReport(
    DateTimeOffset ReadAt,
    DashboardHealth Health,
    DashboardListings Listings,
    DashboardZombies Zombies,
    DashboardQueue Queue,
    IReadOnlyList<DashboardSale> RecentSales,
    IReadOnlyList<DashboardOffer> RecentOffers,
    IReadOnlyList<DashboardDay> Days);

/// <param name="SchedulerState">Running, Standby (this process runs no jobs, e.g. the CLI) or Stopped.</param>
/// <param name="FailedRunsLastDay">Job runs that ended Failed (after their last attempt) and started in the last 24 hours.</param>
public sealed record DashboardHealth(
    string SchedulerState,
    int ScheduledJobs,
    int PausedJobs,
    int FailedRunsLastDay,
    IReadOnlyList<DashboardMarketplace> Marketplaces);

/// <param name="LastSyncAt">The newest <see cref="Listing.LastSyncedAt"/> of the marketplace's listings; null when none was ever synced.</param>
/// <param name="SyncAgeSeconds">How long ago that was, in whole seconds.</param>
public sealed record DashboardMarketplace(
    Marketplace Marketplace,
    string Name,
    ConnectionHealth Connection,
    string? LastError,
    int ActiveListings,
    DateTimeOffset? LastSyncAt,
    long? SyncAgeSeconds);

/// <param name="Active">Listings whose status is Active now.</param>
/// <param name="NewLast7Days">Listings listed (any status now) in the last 7 × 24 hours.</param>
/// <param name="SoldLast7Days">Units sold (Sold events) in the last 7 × 24 hours.</param>
/// <param name="SoldLast30Days">Units sold in the last 30 × 24 hours.</param>
/// <param name="RevenueLast30Days">What those sales brought, per currency (money is never added across currencies).</param>
/// <param name="UnitsActive">Units on offer now: the quantities of the active listings.</param>
/// <param name="SellThroughRate30Days">
/// Units sold in 30 days / (units sold in 30 days + units active now), 0 to 1: the share of the stock on offer
/// over the month that found a buyer. Null when both are 0.
/// </param>
public sealed record DashboardListings(
    int Active,
    int NewLast7Days,
    int SoldLast7Days,
    int SoldLast30Days,
    IReadOnlyList<DashboardMoney> RevenueLast30Days,
    int UnitsActive,
    double? SellThroughRate30Days);

public sealed record DashboardMoney(string Currency, decimal Amount);

/// <param name="Count">Active listings the last zombie scan called zombies (a score).</param>
/// <param name="Worst">The five with the highest scores, worst first.</param>
public sealed record DashboardZombies(int Count, IReadOnlyList<DashboardZombie> Worst);

public sealed record DashboardZombie(
    long ListingId,
    Marketplace Marketplace,
    string Sku,
    string Title,
    int Score,
    ZombieDiagnosis? Diagnosis,
    string? Reasons,
    decimal Price,
    string Currency);

/// <param name="JobsWaiting">Marketplace jobs not started yet.</param>
/// <param name="FailedTasksLastDay">Marketplace tasks that failed in the last 24 hours.</param>
public sealed record DashboardQueue(int BatchesRunning, int BatchesPending, int JobsWaiting, int FailedTasksLastDay);

public sealed record DashboardSale(
    long EventId,
    long ListingId,
    Marketplace Marketplace,
    string Sku,
    string Title,
    int Quantity,
    decimal? Amount,
    string? Currency,
    DateTimeOffset At);

public sealed record DashboardOffer(
    long OfferId,
    long ListingId,
    Marketplace Marketplace,
    string Sku,
    string Title,
    decimal Price,
    string Currency,
    decimal DiscountPercent,
    int Watchers,
    OfferStatus Status,
    DateTimeOffset SentAt);

/// <summary>
/// One day of the charts, summed over marketplaces and currencies from <see cref="DailyListingTotals"/>. Every
/// figure is null when no totals were written for the day (the snapshot job did not run and nobody backfilled
/// it): "no data", never 0, so a chart leaves the day out rather than drawing a drop. Views is also null when no
/// marketplace reports views.
/// </summary>
public sealed record DashboardDay(DateOnly Date, int? ActiveListings, int? Views, int? UnitsSold);

/// <summary>
/// The dashboard's figures in one read, for the home page and <c>stats dashboard</c>. Everything comes from
/// indexed counts, small windows (the newest ten, 30 days of sale events) and the daily totals table (at most
/// 90 rows per marketplace and currency): a year of per-listing snapshots is never summed here.
/// </summary>
public sealed class DashboardFigures(
    IDbContextFactory<FlipFlowDbContext> contexts,
    IJobScheduler scheduler,
    MarketplaceConnections connections,
    TimeProvider clock)
{
    public const int ChartDays = 90;
    public const int RecentCount = 10;
    public const int WorstZombies = 5;

    /// <summary>Reads every figure of the dashboard as of now.</summary>
    public async Task<DashboardReport> ReadAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var scheduled = await scheduler.StatusAsync(cancellationToken);
        var connected = await connections.ListAsync(cancellationToken);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;

        var listings = await ReadListingsAsync(db, now, cancellationToken);
        var marketplaces = await ReadMarketplacesAsync(db, connected, now, cancellationToken);
        var zombies = await ReadZombiesAsync(db, cancellationToken);
        var queue = await ReadQueueAsync(db, now, cancellationToken);
        var sales = await ReadSalesAsync(db, cancellationToken);
        var offers = await ReadOffersAsync(db, cancellationToken);
        var days = await ReadDaysAsync(db, DateOnly.FromDateTime(now.UtcDateTime), cancellationToken);

        var health = new DashboardHealth(scheduled.State, scheduled.ScheduledJobs, scheduled.PausedJobs, scheduled.Counters.FailedLastDay, marketplaces);
        return new DashboardReport(now, health, listings, zombies, queue, sales, offers, days);
    }

    private static async Task<DashboardListings> ReadListingsAsync(FlipFlowDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var weekAgo = now.AddDays(-7);
        var monthAgo = now.AddDays(-30);
        var active = await db.Listings.CountAsync(listing => listing.Status == ListingStatus.Active, cancellationToken);
        var unitsActive = await db.Listings.Where(listing => listing.Status == ListingStatus.Active).SumAsync(listing => listing.Quantity, cancellationToken);
        var listedThisWeek = await db.Listings.CountAsync(listing => listing.ListedAt > weekAgo, cancellationToken);

        // Decimals are text on SQLite, so amounts are added here, over the month's sales only.
        var sales = await db.ListingEvents
            .Where(change => change.Kind == ListingEventKind.Sold && change.At > monthAgo)
            .Select(change => new { change.At, change.Quantity, change.Amount, change.Currency })
            .ToListAsync(cancellationToken);
        var soldThisMonth = sales.Sum(sale => sale.Quantity ?? 0);
        var soldThisWeek = sales.Where(sale => sale.At > weekAgo).Sum(sale => sale.Quantity ?? 0);
        var revenue = sales
            .Where(sale => sale.Amount is not null)
            .GroupBy(sale => sale.Currency ?? "")
            .Select(group => new DashboardMoney(group.Key, group.Sum(sale => sale.Amount!.Value)))
            .OrderByDescending(money => money.Amount)
            .ThenBy(money => money.Currency, StringComparer.Ordinal)
            .ToList();
        double? sellThrough = soldThisMonth + unitsActive == 0 ? null : (double)soldThisMonth / (soldThisMonth + unitsActive);
        return new DashboardListings(active, listedThisWeek, soldThisWeek, soldThisMonth, revenue, unitsActive, sellThrough);
    }

    private static async Task<IReadOnlyList<DashboardMarketplace>> ReadMarketplacesAsync(FlipFlowDbContext db, IReadOnlyList<ConnectionState> connected,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lastSyncs = await db.Listings
            .Where(listing => listing.LastSyncedAt != null)
            .GroupBy(listing => listing.Marketplace)
            .Select(group => new { Marketplace = group.Key, LastSync = group.Max(listing => listing.LastSyncedAt) })
            .ToListAsync(cancellationToken);
        var active = await db.Listings
            .Where(listing => listing.Status == ListingStatus.Active)
            .GroupBy(listing => listing.Marketplace)
            .Select(group => new { Marketplace = group.Key, Count = group.Count() })
            .ToListAsync(cancellationToken);
        return connected.Select(connection =>
        {
            var lastSync = lastSyncs.FirstOrDefault(row => row.Marketplace == connection.Marketplace)?.LastSync;
            long? age = lastSync is { } at ? (long)Math.Max(0, (now - at).TotalSeconds) : null;
            return new DashboardMarketplace(connection.Marketplace, connection.Marketplace.DisplayName(), connection.Health, connection.LastError,
                active.FirstOrDefault(row => row.Marketplace == connection.Marketplace)?.Count ?? 0, lastSync, age);
        }).ToList();
    }

    private static async Task<DashboardZombies> ReadZombiesAsync(FlipFlowDbContext db, CancellationToken cancellationToken)
    {
        var zombies = db.Listings.Where(listing => listing.ZombieScore != null && listing.Status == ListingStatus.Active);
        var count = await zombies.CountAsync(cancellationToken);
        var worst = await zombies
            .OrderByDescending(listing => listing.ZombieScore)
            .ThenBy(listing => listing.Id)
            .Take(WorstZombies)
            .Select(listing => new DashboardZombie(listing.Id, listing.Marketplace, listing.Product!.Sku, listing.Product.Title,
                listing.ZombieScore!.Value, listing.ZombieDiagnosis, listing.ZombieReasons, listing.Price, listing.Currency))
            .ToListAsync(cancellationToken);
        return new DashboardZombies(count, worst.OrderByDescending(zombie => zombie.Score).ThenBy(zombie => zombie.ListingId).ToList());
    }

    private static async Task<DashboardQueue> ReadQueueAsync(FlipFlowDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var dayAgo = now.AddDays(-1);
        var batches = await db.BatchJobs
            .Where(batch => batch.Status == BatchStatus.Running || batch.Status == BatchStatus.Pending)
            .GroupBy(batch => batch.Status)
            .Select(group => new { Status = group.Key, Count = group.Count() })
            .ToListAsync(cancellationToken);
        var waiting = await db.MarketplaceJobs.CountAsync(job => job.Status == MarketplaceJobStatus.Pending, cancellationToken);
        var failedTasks = await db.MarketplaceTasks
            .CountAsync(task => task.FinishedAt > dayAgo && task.Status == MarketplaceTaskStatus.Failed, cancellationToken);
        return new DashboardQueue(
            batches.FirstOrDefault(row => row.Status == BatchStatus.Running)?.Count ?? 0,
            batches.FirstOrDefault(row => row.Status == BatchStatus.Pending)?.Count ?? 0,
            waiting,
            failedTasks);
    }

    private static async Task<IReadOnlyList<DashboardSale>> ReadSalesAsync(FlipFlowDbContext db, CancellationToken cancellationToken)
    {
        var newest = db.ListingEvents
            .Where(change => change.Kind == ListingEventKind.Sold)
            .OrderByDescending(change => change.At)
            .ThenByDescending(change => change.Id)
            .Take(RecentCount);
        var sales = await newest
            .Join(db.Listings, change => change.ListingId, listing => listing.Id, (change, listing) => new { change, listing })
            .Join(db.Products, row => row.listing.ProductId, product => product.Id, (row, product) => new DashboardSale(row.change.Id,
                row.listing.Id, row.listing.Marketplace, product.Sku, product.Title, row.change.Quantity ?? 0, row.change.Amount, row.change.Currency,
                row.change.At))
            .ToListAsync(cancellationToken);
        return sales.OrderByDescending(sale => sale.At).ThenByDescending(sale => sale.EventId).ToList();
    }

    private static async Task<IReadOnlyList<DashboardOffer>> ReadOffersAsync(FlipFlowDbContext db, CancellationToken cancellationToken)
    {
        var newest = db.ListingOffers
            .OrderByDescending(offer => offer.SentAt)
            .ThenByDescending(offer => offer.Id)
            .Take(RecentCount);
        var offers = await newest
            .Join(db.Listings, offer => offer.ListingId, listing => listing.Id, (offer, listing) => new { offer, listing })
            .Join(db.Products, row => row.listing.ProductId, product => product.Id, (row, product) => new DashboardOffer(row.offer.Id,
                row.listing.Id, row.listing.Marketplace, product.Sku, product.Title, row.offer.Price, row.offer.Currency,
                row.offer.DiscountPercent, row.offer.Watchers, row.offer.Status, row.offer.SentAt))
            .ToListAsync(cancellationToken);
        return offers.OrderByDescending(offer => offer.SentAt).ThenByDescending(offer => offer.OfferId).ToList();
    }

    /// <summary>The last <see cref="ChartDays"/> whole days, ending yesterday: today's totals are written after midnight.</summary>
    private static async Task<IReadOnlyList<DashboardDay>> ReadDaysAsync(FlipFlowDbContext db, DateOnly today, CancellationToken cancellationToken)
    {
        var first = today.AddDays(-ChartDays);
        var last = today.AddDays(-1);
        var totals = await db.DailyListingTotals
            .Where(row => row.Date >= first && row.Date <= last)
            .Select(row => new { row.Date, row.ActiveListings, row.Views, row.UnitsSold })
            .ToListAsync(cancellationToken);
        var byDate = totals.ToLookup(row => row.Date);
        return Enumerable.Range(0, ChartDays).Select(offset =>
        {
            var date = first.AddDays(offset);
            var rows = byDate[date].ToList();
            if (rows.Count == 0)
            {
                return new DashboardDay(date, null, null, null);
            }
            var views = rows.Any(row => row.Views is not null) ? rows.Sum(row => row.Views ?? 0) : (int?)null;
            return new DashboardDay(date, rows.Sum(row => row.ActiveListings), views, rows.Sum(row => row.UnitsSold));
        }).ToList();
    }
}
