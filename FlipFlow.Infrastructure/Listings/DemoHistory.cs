using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Marketplaces.Demo;
using FlipFlow.Infrastructure.Zombies;
using Microsoft.EntityFrameworkCore;
using FlipFlow.Infrastructure.Products;
using FlipFlow.Domain.Snapshots;
using FlipFlow.Domain.Products;

namespace FlipFlow.Infrastructure.Listings;

/// <summary>What <see cref="DemoHistory.SeedAsync"/> created, and the zombie scan that judged it.</summary>
public sealed record DemoHistorySeeded(int Listings, int Active, int Snapshots, int Sales, int Days, ZombieScanReport Zombies);

/// <summary>
/// Demo data with a past: about 2,000 Demo listings of the demo products, listed over the last 120 days, with a
/// day-by-day history (snapshots, sales, daily totals) and a realistic mix: healthy listings that are seen and
/// sell, slow ones, and zombies (old, barely shown, seen but not clicked, or watched but not bought). The Demo
/// marketplace holds the same listings, so its market and the sync carry on from today. A zombie scan follows,
/// so the zombies show at once rather than after the daily scan. Seeds an empty database only; the same seed
/// gives the same history.
/// </summary>
public sealed class DemoHistory(
    IDbContextFactory<FlipFlowDbContext> contexts,
    DemoProducts products,
    DatabaseWriteGate writes,
    ZombieScanner zombies,
    TimeProvider clock)
{
    public const int ListingCount = 2000;
    public const int Days = 120;

    private enum Profile
    {
        Healthy,
        Slow,
        BarelyShown,
        SeenNotClicked,
        WatchedNotBought,
        OldAndUnsold,
    }

    /// <summary>Seeds when FlipFlow has no listing yet; null when it has some (nothing is changed then).</summary>
    public async Task<DemoHistorySeeded?> SeedAsync(int seed = 20261122, CancellationToken cancellationToken = default)
    {
        await using (var check = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (await check.Listings.AnyAsync(cancellationToken) || await check.DemoListings.AnyAsync(cancellationToken))
            {
                return null;
            }
        }
        await products.ImportAsync(ListingCount, cancellationToken);
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var random = new Random(seed);
        List<History> histories;
        await using (var read = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var catalogue = await read.Products.AsNoTracking().OrderBy(product => product.Id).Take(ListingCount).ToListAsync(cancellationToken);
            histories = catalogue.Select(product => Simulate(product, Pick(random), today, now, random)).ToList();
        }
        var (snapshots, sales) = await WriteAsync(histories, cancellationToken);
        return new DemoHistorySeeded(histories.Count, histories.Count(history => history.Listing.Status == ListingStatus.Active),
            snapshots, sales, Days, await zombies.ScanAsync(cancellationToken: cancellationToken));
    }

    /// <summary>Stores the histories in one transaction; returns how many snapshots and sales it wrote.</summary>
    private async Task<(int Snapshots, int Sales)> WriteAsync(List<History> histories, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.DemoListings.AddRange(histories.Select(history => history.Remote));
        await db.SaveChangesAsync(cancellationToken);
        foreach (var history in histories)
        {
            history.Listing.RemoteId = history.Remote.RemoteId;
        }
        db.Listings.AddRange(histories.Select(history => history.Listing));
        await db.SaveChangesAsync(cancellationToken);

        var snapshots = histories.SelectMany(history => history.Snapshots.Select(snapshot => (history.Listing.Id, snapshot))).ToList();
        await BulkInsert.InsertAsync<ListingSnapshot, (long Id, ListingSnapshot snapshot)>(db,
            [
                nameof(ListingSnapshot.ListingId), nameof(ListingSnapshot.Date), nameof(ListingSnapshot.Views), nameof(ListingSnapshot.Impressions),
                nameof(ListingSnapshot.Watchers), nameof(ListingSnapshot.ViewsTotal), nameof(ListingSnapshot.ImpressionsTotal),
                nameof(ListingSnapshot.Price), nameof(ListingSnapshot.Currency), nameof(ListingSnapshot.Quantity), nameof(ListingSnapshot.Status),
                nameof(ListingSnapshot.UnitsSold), nameof(ListingSnapshot.SoldTotal),
            ],
            snapshots,
            row => [row.Id, row.snapshot.Date, row.snapshot.Views, row.snapshot.Impressions, row.snapshot.Watchers, row.snapshot.ViewsTotal,
                row.snapshot.ImpressionsTotal, row.snapshot.Price, row.snapshot.Currency, row.snapshot.Quantity, row.snapshot.Status,
                row.snapshot.UnitsSold, row.snapshot.SoldTotal],
            cancellationToken);
        var sales = histories.SelectMany(history => history.Sales.Select(sale => (history.Listing.Id, sale))).ToList();
        await BulkInsert.InsertAsync<ListingEvent, (long Id, ListingEvent sale)>(db,
            [
                nameof(ListingEvent.ListingId), nameof(ListingEvent.Kind), nameof(ListingEvent.OldValue), nameof(ListingEvent.NewValue),
                nameof(ListingEvent.Quantity), nameof(ListingEvent.Amount), nameof(ListingEvent.Currency), nameof(ListingEvent.At),
            ],
            sales,
            row => [row.Id, row.sale.Kind, row.sale.OldValue, row.sale.NewValue, row.sale.Quantity, row.sale.Amount, row.sale.Currency, row.sale.At],
            cancellationToken);
        db.DailyListingTotals.AddRange(Totals(histories));
        // The product owns the stock: what sold is gone from it too.
        foreach (var history in histories)
        {
            db.Products.Attach(history.Product).Property(product => product.Quantity).CurrentValue = history.Listing.Quantity;
        }
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (snapshots.Count, sales.Count);
    }

    private static Profile Pick(Random random) => random.NextDouble() switch
    {
        < 0.45 => Profile.Healthy,
        < 0.72 => Profile.Slow,
        < 0.79 => Profile.BarelyShown,
        < 0.86 => Profile.SeenNotClicked,
        < 0.93 => Profile.WatchedNotBought,
        _ => Profile.OldAndUnsold,
    };

    private sealed record History(Domain.Products.Product Product, Listing Listing, DemoListing Remote, List<ListingSnapshot> Snapshots, List<ListingEvent> Sales);

    /// <summary>Lives one listing's days from its listing to yesterday, and where it stands now.</summary>
    private static History Simulate(Domain.Products.Product product, Profile profile, DateOnly today, DateTimeOffset now, Random random)
    {
        var zombie = profile is Profile.BarelyShown or Profile.SeenNotClicked or Profile.WatchedNotBought or Profile.OldAndUnsold;
        var age = zombie ? random.Next(65, Days + 1) : profile == Profile.Slow ? random.Next(15, Days + 1) : random.Next(1, Days + 1);
        var listedAt = now.AddDays(-age).AddMinutes(-random.Next(0, 24 * 60));
        var (impressionsPerDay, clickThrough, saleChance, watchChance) = profile switch
        {
            Profile.Healthy => (random.Next(40, 140), 0.03 + random.NextDouble() * 0.04, 0.03 + random.NextDouble() * 0.05, 0.02),
            Profile.Slow => (random.Next(10, 45), 0.015 + random.NextDouble() * 0.02, 0.004 + random.NextDouble() * 0.006, 0.01),
            Profile.BarelyShown => (random.Next(0, 3), 0.05, 0.0, 0.0),
            Profile.SeenNotClicked => (random.Next(25, 70), 0.001 + random.NextDouble() * 0.003, 0.0, 0.0),
            Profile.WatchedNotBought => (random.Next(5, 20), 0.01, 0.0, 0.25),
            _ => (random.Next(3, 12), 0.02, 0.0, 0.0),
        };
        var quantity = product.Quantity;
        int viewsTotal = 0, impressionsTotal = 0, watchers = 0, soldTotal = 0;
        var status = ListingStatus.Active;
        DateTimeOffset? endedAt = null;
        DateTimeOffset? lastSale = null;
        var snapshots = new List<ListingSnapshot>();
        var sales = new List<ListingEvent>();
        var day = DateOnly.FromDateTime(listedAt.UtcDateTime);
        for (; day <= today && status == ListingStatus.Active; day = day.AddDays(1))
        {
            var dayEnd = new DateTimeOffset(day.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero);
            var part = day == today ? now.TimeOfDay.TotalHours / 24 : 1.0;
            var impressions = Noisy(impressionsPerDay * part, random);
            var views = Noisy(impressions * clickThrough, random);
            watchers += random.NextDouble() < watchChance * part ? 1 : 0;
            var sold = 0;
            if (quantity > 0 && random.NextDouble() < saleChance * part)
            {
                sold = 1;
                quantity--;
                soldTotal++;
                var at = day == today ? now.AddMinutes(-random.Next(1, 60)) : dayEnd.AddHours(-random.Next(1, 23));
                lastSale = at;
                sales.Add(new ListingEvent
                {
                    Kind = ListingEventKind.Sold, Quantity = 1, Amount = product.Price, Currency = product.Currency,
                    OldValue = (quantity + 1).ToString(), NewValue = quantity.ToString(), At = at,
                });
                if (quantity == 0)
                {
                    status = ListingStatus.Sold;
                    endedAt = at;
                }
            }
            impressionsTotal += impressions;
            viewsTotal += views;
            if (day < today)
            {
                snapshots.Add(new ListingSnapshot
                {
                    Date = day, Views = views, Impressions = impressions, Watchers = watchers, ViewsTotal = viewsTotal,
                    ImpressionsTotal = impressionsTotal, Price = product.Price, Currency = product.Currency, Quantity = quantity,
                    Status = status, UnitsSold = sold, SoldTotal = soldTotal,
                });
            }
        }
        var listing = new Listing
        {
            ProductId = product.Id, Marketplace = Marketplace.Demo, Status = status, Price = product.Price, Currency = product.Currency,
            Quantity = quantity, ListedAt = listedAt, EndedAt = endedAt, Views = viewsTotal, Impressions = impressionsTotal,
            Watchers = watchers, QuantitySold = soldTotal, LastSaleAt = lastSale, LastSyncedAt = now, CreatedAt = listedAt, UpdatedAt = now,
        };
        var remote = new DemoListing
        {
            Sku = product.Sku, Title = product.Title, Price = product.Price, Currency = product.Currency, Quantity = quantity,
            QuantitySold = soldTotal, Status = status, ImageCount = product.Images.Count, CreatedAt = listedAt, EndedAt = endedAt,
            Views = viewsTotal, Impressions = impressionsTotal, Watchers = watchers, LastSaleAt = lastSale, ActivityUntil = now,
        };
        return new History(product, listing, remote, snapshots, sales);
    }

    /// <summary>The Demo marketplace's daily totals, as the snapshot job writes them.</summary>
    private static IEnumerable<DailyListingTotals> Totals(List<History> histories)
    {
        var byDay = histories.SelectMany(history => history.Snapshots).GroupBy(snapshot => snapshot.Date);
        foreach (var day in byDay.OrderBy(group => group.Key))
        {
            var active = day.Where(snapshot => snapshot.Status == ListingStatus.Active).ToList();
            yield return new DailyListingTotals
            {
                Date = day.Key,
                Marketplace = Marketplace.Demo,
                Currency = "USD",
                ActiveListings = active.Count,
                Views = day.Sum(snapshot => snapshot.Views ?? 0),
                Impressions = day.Sum(snapshot => snapshot.Impressions ?? 0),
                Watchers = active.Sum(snapshot => snapshot.Watchers ?? 0),
                UnitsSold = day.Sum(snapshot => snapshot.UnitsSold),
                Revenue = day.Sum(snapshot => snapshot.UnitsSold * snapshot.Price),
                ListedValue = active.Sum(snapshot => snapshot.Price * snapshot.Quantity),
            };
        }
    }

    /// <summary>A whole count around <paramref name="mean"/>, give or take half, rounded at random.</summary>
    private static int Noisy(double mean, Random random)
    {
        if (mean <= 0)
        {
            return 0;
        }
        var value = mean * (0.5 + random.NextDouble());
        var whole = Math.Floor(value);
        return (int)whole + (random.NextDouble() < value - whole ? 1 : 0);
    }
}
