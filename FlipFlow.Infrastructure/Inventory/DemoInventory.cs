using FlipFlow.Domain.Inventory;
using FlipFlow.Domain.Market;
using FlipFlow.Domain.Skus;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Skus;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlipFlow.Infrastructure.Inventory;

/// <summary>What <see cref="DemoInventory.SeedAsync"/> wrote.</summary>
public sealed record DemoInventorySeed(int Days, int Items, int Snapshots);

/// <summary>
/// Gives the demo market's busiest sellers, as if they sent their inventory files, an inventory and its history: each of
/// their live single-card listings is an item they hold, and each of the last days retention keeps has the snapshot the
/// nightly job would have taken of the listings live on it. Their SKUs are written as sellers write them (see
/// <see cref="DemoSkus"/>) and mapped by the SKU resolver, as an import would. Only into a database without inventory; one transaction.
/// </summary>
public sealed class DemoInventory(IDbContextFactory<FlipFlowDbContext> contexts, DatabaseWriteGate writes, TimeProvider clock, InventorySnapshotter snapshotter,
    IOptions<InventorySnapshotOptions> options)
{
    /// <summary>How many sellers hold demo inventory: enough for every figure to have several, few enough to seed in a moment.</summary>
    public const int Sellers = 40;

    private static readonly string[] ItemColumns =
    [
        nameof(InventoryItem.SellerId), nameof(InventoryItem.CardId), nameof(InventoryItem.Treatment), nameof(InventoryItem.ListingId),
        nameof(InventoryItem.Sku), nameof(InventoryItem.Quantity), nameof(InventoryItem.Price), nameof(InventoryItem.Currency),
        nameof(InventoryItem.ListedAt), nameof(InventoryItem.UpdatedAt), nameof(InventoryItem.LastVerifiedAt),
    ];

    private static readonly string[] SnapshotColumns =
    [
        nameof(InventorySnapshot.Date), nameof(InventorySnapshot.SellerId), nameof(InventorySnapshot.CardId), nameof(InventorySnapshot.Treatment),
        nameof(InventorySnapshot.Items), nameof(InventorySnapshot.Quantity), nameof(InventorySnapshot.Currency), nameof(InventorySnapshot.AveragePrice),
        nameof(InventorySnapshot.LowestPrice), nameof(InventorySnapshot.HighestPrice),
    ];

    /// <returns>What was written, or null when the database holds inventory already or the demo market has no listings.</returns>
    public async Task<DemoInventorySeed?> SeedAsync(int days = 120, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        using (await writes.EnterAsync(cancellationToken))
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            if (await db.InventoryItems.AnyAsync(cancellationToken))
            {
                return null;
            }
            var singles = db.MarketListings.AsNoTracking()
                .Where(listing => listing.Source == MarketSourceKind.Demo && listing.SellerId != null && listing.CardId != null
                    && listing.ProductType == MarketProductType.Single && !listing.IsBulkLot);
            var busiest = await singles.GroupBy(listing => listing.SellerId!.Value).OrderByDescending(seller => seller.Count()).ThenBy(seller => seller.Key)
                .Select(seller => seller.Key).Take(Sellers).ToListAsync(cancellationToken);
            var listings = await singles.Where(listing => busiest.Contains(listing.SellerId!.Value))
                .Select(listing => new Held(listing.SellerId!.Value, listing.CardId!.Value, listing.Treatment ?? "", listing.ExternalId, listing.Quantity,
                    listing.Price, listing.Currency, listing.Status, listing.FirstSeenAt, listing.LastSeenAt))
                .ToListAsync(cancellationToken);
            if (listings.Count == 0)
            {
                return null;
            }
            var cards = await db.Cards.AsNoTracking().ToListAsync(cancellationToken);
            var platforms = await db.Sellers.AsNoTracking().Where(seller => busiest.Contains(seller.Id))
                .ToDictionaryAsync(seller => seller.Id, seller => seller.Platform, cancellationToken);
            var skus = DemoSkus.For(busiest, cards.ToDictionary(card => card.Id));
            var items = listings.Where(listing => listing.Status == MarketListingStatus.Active)
                .Select(listing => new InventoryItem
                {
                    SellerId = listing.SellerId, CardId = listing.CardId, Treatment = listing.Treatment, ListingId = listing.ExternalId,
                    Sku = skus(listing.SellerId, listing.CardId, listing.Treatment, listing.ExternalId),
                    Quantity = listing.Quantity, Price = listing.Price, Currency = listing.Currency, ListedAt = listing.FirstSeenAt, UpdatedAt = now,
                    LastVerifiedAt = now,
                })
                .ToList();
            // Only the days retention keeps, as if the nightly job had run all along.
            var past = Enumerable.Range(1, days - 1).Select(back => today.AddDays(-back)).ToList();
            var kept = past.Except(SnapshotRetention.DaysToDrop([.. past, today], today, options.Value.DailyDays));
            var snapshots = kept.SelectMany(day => SnapshotOf(listings, day)).ToList();
            var lookup = new SkuLookup(new SkuResolver(cards), "demo", now);
            await lookup.LoadAsync(db, items.Select(item => (platforms[item.SellerId], item.Sku, (string?)null)), cancellationToken);
            foreach (var item in items)
            {
                lookup.Use(platforms[item.SellerId], item.Sku);
            }
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.SkuMappings.AddRange(lookup.TakeUnsaved());
            await db.SaveChangesAsync(cancellationToken);
            await lookup.SaveRowsSeenAsync(db, cancellationToken);
            await BulkInsert.InsertAsync(db, ItemColumns, items, item => [item.SellerId, item.CardId, item.Treatment, item.ListingId, item.Sku,
                item.Quantity, item.Price, item.Currency, item.ListedAt, item.UpdatedAt, item.LastVerifiedAt], cancellationToken);
            await BulkInsert.InsertAsync(db, SnapshotColumns, snapshots, row => [row.Date, row.SellerId, row.CardId, row.Treatment, row.Items,
                row.Quantity, row.Currency, row.AveragePrice, row.LowestPrice, row.HighestPrice], cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        // Today is taken as the nightly job takes every day, from the items just written.
        var taken = await snapshotter.TakeAsync(today, cancellationToken);
        await using var count = await contexts.CreateDbContextAsync(cancellationToken);
        return new DemoInventorySeed(days, await count.InventoryItems.CountAsync(cancellationToken), await count.InventorySnapshots.CountAsync(cancellationToken));
    }

    /// <summary>The day's snapshot of the listings live at its end, summed per seller, card and treatment as the snapshot statement sums items.</summary>
    private static IEnumerable<InventorySnapshot> SnapshotOf(IReadOnlyList<Held> listings, DateOnly date)
    {
        var end = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(1);
        return listings.Where(listing => listing.FirstSeenAt < end && (listing.Status == MarketListingStatus.Active || listing.LastSeenAt >= end))
            .GroupBy(listing => (listing.SellerId, listing.CardId, listing.Treatment))
            .Select(group =>
            {
                var currencies = group.Select(listing => listing.Currency).Distinct().Count();
                return new InventorySnapshot
                {
                    Date = date, SellerId = group.Key.SellerId, CardId = group.Key.CardId, Treatment = group.Key.Treatment, Items = group.Count(),
                    Quantity = group.Sum(listing => listing.Quantity),
                    Currency = currencies == 1 ? group.First().Currency : null,
                    AveragePrice = currencies == 1 ? Math.Round(group.Average(listing => listing.Price), 2, MidpointRounding.AwayFromZero) : null,
                    LowestPrice = currencies == 1 ? group.Min(listing => listing.Price) : null,
                    HighestPrice = currencies == 1 ? group.Max(listing => listing.Price) : null,
                };
            });
    }

    private sealed record Held(long SellerId, int CardId, string Treatment, string ExternalId, int Quantity, decimal Price, string Currency,
        MarketListingStatus Status, DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt);
}
