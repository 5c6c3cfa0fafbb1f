using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Batches;
using FlipFlow.Domain.Zombies;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Infrastructure.Marketplaces;
using Microsoft.EntityFrameworkCore;
using FlipFlow.Domain.Snapshots;
using FlipFlow.Domain.Products;

namespace FlipFlow.Infrastructure.Dashboard;

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
/// <param name="Worst">The five worst, in the Zombies page's order (<see cref="ZombieOrder"/>): the top of that page.</param>
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
        // The reads are independent, so each runs on a context (a connection) of its own, at the same time: the
        // page waits for the slowest, not for the sum.
        // Hangfire's storage answers synchronously (the recurring jobs' next fires): on a thread of its own it holds nothing up.
        var scheduled = Task.Run(() => scheduler.StatusAsync(cancellationToken), cancellationToken);
        var connected = connections.ListAsync(cancellationToken);
        var byStatus = WithContextAsync(ReadListingGroupsAsync, cancellationToken);
        var listed = WithContextAsync((db, token) => db.Listings.CountAsync(listing => listing.ListedAt > now.AddDays(-7), token), cancellationToken);
        var sold = WithContextAsync((db, token) => ReadSalesWindowAsync(db, now, token), cancellationToken);
        var zombies = WithContextAsync(ReadWorstZombiesAsync, cancellationToken);
        var queue = WithContextAsync((db, token) => ReadQueueAsync(db, now, token), cancellationToken);
        var sales = WithContextAsync(ReadSalesAsync, cancellationToken);
        var offers = WithContextAsync(ReadOffersAsync, cancellationToken);
        var days = WithContextAsync((db, token) => ReadDaysAsync(db, DateOnly.FromDateTime(now.UtcDateTime), token), cancellationToken);
        await Task.WhenAll(scheduled, connected, byStatus, listed, sold, zombies, queue, sales, offers, days);

        var groups = byStatus.Result;
        var active = groups.Where(group => group.Status == ListingStatus.Active).ToList();
        var unitsActive = active.Sum(group => group.Units);
        var window = sold.Result;
        double? sellThrough = window.SoldLast30Days + unitsActive == 0 ? null : (double)window.SoldLast30Days / (window.SoldLast30Days + unitsActive);
        var listings = new DashboardListings(active.Sum(group => group.Count), listed.Result, window.SoldLast7Days, window.SoldLast30Days,
            window.Revenue, unitsActive, sellThrough);

        var marketplaces = connected.Result.Select(connection =>
        {
            var lastSync = groups.Where(group => group.Marketplace == connection.Marketplace).Max(group => group.LastSync);
            long? age = lastSync is { } at ? (long)Math.Max(0, (now - at).TotalSeconds) : null;
            return new DashboardMarketplace(connection.Marketplace, connection.Marketplace.DisplayName(), connection.Health, connection.LastError,
                active.Where(group => group.Marketplace == connection.Marketplace).Sum(group => group.Count), lastSync, age);
        }).ToList();
        var status = scheduled.Result;
        var health = new DashboardHealth(status.State, status.ScheduledJobs, status.PausedJobs, status.Counters.FailedLastDay, marketplaces);
        return new DashboardReport(now, health, listings, new DashboardZombies(active.Sum(group => group.Zombies), zombies.Result), queue.Result,
            sales.Result, offers.Result, days.Result);
    }

    private async Task<T> WithContextAsync<T>(Func<FlipFlowDbContext, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        return await read(db, cancellationToken);
    }

    private sealed record ListingGroup(Marketplace Marketplace, ListingStatus Status, int Count, int Units, int Zombies, DateTimeOffset? LastSync);

    /// <summary>
    /// One pass over the listings for every figure counted over them: per marketplace and status, how many, their
    /// units, how many the last scan called zombies, and the newest sync.
    /// </summary>
    private static async Task<IReadOnlyList<ListingGroup>> ReadListingGroupsAsync(FlipFlowDbContext db, CancellationToken cancellationToken) =>
        await db.Listings
            .GroupBy(listing => new { listing.Marketplace, listing.Status })
            .Select(group => new ListingGroup(group.Key.Marketplace, group.Key.Status, group.Count(), group.Sum(listing => listing.Quantity),
                group.Count(listing => listing.ZombieScore != null), group.Max(listing => listing.LastSyncedAt)))
            .ToListAsync(cancellationToken);

    private sealed record SalesWindow(int SoldLast7Days, int SoldLast30Days, IReadOnlyList<DashboardMoney> Revenue);

    /// <summary>
    /// Units and revenue of the last 30 days' sales. Decimals are text on SQLite and cannot be summed there, so the
    /// database groups the sales by amount (a catalogue has few distinct prices) and the amounts are multiplied and
    /// added here, exactly.
    /// </summary>
    private static async Task<SalesWindow> ReadSalesWindowAsync(FlipFlowDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var weekAgo = now.AddDays(-7);
        var monthAgo = now.AddDays(-30);
        var groups = await db.ListingEvents
            .Where(change => change.Kind == ListingEventKind.Sold && change.At > monthAgo)
            .GroupBy(change => new { change.Currency, change.Amount, ThisWeek = change.At > weekAgo })
            .Select(group => new { group.Key.Currency, group.Key.Amount, group.Key.ThisWeek, Sales = group.Count(), Units = group.Sum(change => change.Quantity ?? 0) })
            .ToListAsync(cancellationToken);
        var revenue = groups
            .Where(group => group.Amount is not null)
            .GroupBy(group => group.Currency ?? "")
            .Select(currency => new DashboardMoney(currency.Key, currency.Sum(group => group.Amount!.Value * group.Sales)))
            .OrderByDescending(money => money.Amount)
            .ThenBy(money => money.Currency, StringComparer.Ordinal)
            .ToList();
        return new SalesWindow(groups.Where(group => group.ThisWeek).Sum(group => group.Units), groups.Sum(group => group.Units), revenue);
    }

    /// <summary>
    /// The worst live zombies in the Zombies page's order (<see cref="ZombieOrder"/>), walked down the score index a page
    /// at a time: filtering on the status in the same query makes the planner take the status index and sort every
    /// active listing instead, so the page's ids are checked against <see cref="ZombieCandidates.Listed"/> by key.
    /// </summary>
    private static async Task<IReadOnlyList<DashboardZombie>> ReadWorstZombiesAsync(FlipFlowDbContext db, CancellationToken cancellationToken)
    {
        const int page = 25;
        var worst = new List<DashboardZombie>();
        for (var skip = 0; worst.Count < WorstZombies; skip += page)
        {
            var scored = await db.Listings
                .Where(listing => listing.ZombieScore != null)
                .WorstFirst()
                .Skip(skip)
                .Take(page)
                .Select(listing => listing.Id)
                .ToListAsync(cancellationToken);
            worst.AddRange((await ZombiesAsync(db, scored, cancellationToken)).Take(WorstZombies - worst.Count));
            if (scored.Count < page)
            {
                break;
            }
        }
        return worst;
    }

    /// <summary>The live zombies among <paramref name="ids"/>, in the order of <paramref name="ids"/>.</summary>
    private static async Task<IReadOnlyList<DashboardZombie>> ZombiesAsync(FlipFlowDbContext db, IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }
        var zombies = await db.Listings
            .Where(listing => ids.Contains(listing.Id))
            .Where(ZombieCandidates.Listed)
            .Select(listing => new DashboardZombie(listing.Id, listing.Marketplace, listing.Product!.Sku, listing.Product.Title,
                listing.ZombieScore!.Value, listing.ZombieDiagnosis, listing.ZombieReasons, listing.Price, listing.Currency))
            .ToDictionaryAsync(zombie => zombie.ListingId, cancellationToken);
        return ids.Where(zombies.ContainsKey).Select(id => zombies[id]).ToList();
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
