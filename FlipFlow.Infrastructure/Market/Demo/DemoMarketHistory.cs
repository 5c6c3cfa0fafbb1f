using System.Globalization;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Sellers;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Market.Demo;

/// <summary>What <see cref="DemoMarketHistory.SeedAsync"/> wrote.</summary>
public sealed record DemoMarketSeed(int Days, int Listings, int Active, int Sold, int Ended, int PriceChanges);

/// <summary>
/// Fills the demo market's last days at once, as if it had been scanned all along: every listing put up in those days, in
/// its state now, with its price cut and its sale as events. A later market scan reads the same listings and adds none.
/// Only into a database without demo market listings; batched, one transaction per batch.
/// </summary>
public sealed class DemoMarketHistory(IDbContextFactory<FlipFlowDbContext> contexts, DatabaseWriteGate writes, TimeProvider clock)
{
    private const int BatchSize = 2000;

    private static readonly string[] ListingColumns =
    [
        nameof(MarketListing.Platform), nameof(MarketListing.ExternalId), nameof(MarketListing.Url), nameof(MarketListing.Title),
        nameof(MarketListing.Format), nameof(MarketListing.Status), nameof(MarketListing.Price), nameof(MarketListing.Currency),
        nameof(MarketListing.Shipping), nameof(MarketListing.Quantity), nameof(MarketListing.FirstSeenAt), nameof(MarketListing.LastSeenAt),
        nameof(MarketListing.SoldAt), nameof(MarketListing.SellerText), nameof(MarketListing.Source), nameof(MarketListing.CardId),
        nameof(MarketListing.Treatment), nameof(MarketListing.Grading), nameof(MarketListing.ProductType), nameof(MarketListing.ProductSubtype),
        nameof(MarketListing.BundlePackCount), nameof(MarketListing.IsBulkLot), nameof(MarketListing.ParseConfidence),
        nameof(MarketListing.SellerId),
    ];

    private static readonly string[] EventColumns =
    [
        nameof(MarketListingEvent.MarketListingId), nameof(MarketListingEvent.Kind), nameof(MarketListingEvent.OldValue),
        nameof(MarketListingEvent.NewValue), nameof(MarketListingEvent.At),
    ];

    /// <returns>What was written, or null when the database holds demo market listings already or has no catalogue cards.</returns>
    public async Task<DemoMarketSeed?> SeedAsync(int days = 120, CancellationToken cancellationToken = default)
    {
        List<Domain.Catalog.Card> cards;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (await db.MarketListings.AnyAsync(listing => listing.Source == MarketSourceKind.Demo, cancellationToken))
            {
                return null;
            }
            cards = await db.Cards.AsNoTracking().OrderBy(card => card.Id).ToListAsync(cancellationToken);
        }
        if (cards.Count == 0)
        {
            return null;
        }
        var now = clock.GetUtcNow();
        var parser = new TitleParser(cards);
        var today = DemoMarket.DayOf(now);
        var all = new DemoMarket(cards).ListedBetween(today - days, today).Where(listing => listing.ListedAt <= now).ToList();
        int active = 0, sold = 0, ended = 0, priceChanges = 0;
        foreach (var batch in all.Chunk(BatchSize))
        {
            var rows = new List<MarketListing>(batch.Length);
            var events = new List<(string Key, MarketListingEvent Event)>();
            foreach (var demo in batch)
            {
                var row = Final(demo, now);
                row.Apply(parser.Parse(demo.Title));
                rows.Add(row);
                var key = Key(row.Platform, row.ExternalId);
                var saleOrEnd = row.SoldAt ?? (row.Status == MarketListingStatus.Ended ? demo.EndsAt : now);
                if (demo.CutAt is { } cut && demo.CutPrice is { } lower && cut <= saleOrEnd && cut <= now)
                {
                    events.Add((key, new MarketListingEvent { Kind = MarketListingEventKind.PriceChanged, OldValue = MarketListingEvent.Money(demo.Price), NewValue = MarketListingEvent.Money(lower), At = cut }));
                    priceChanges++;
                }
                switch (row.Status)
                {
                    case MarketListingStatus.Sold:
                        events.Add((key, new MarketListingEvent { Kind = MarketListingEventKind.Sold, OldValue = "Active", NewValue = "Sold", At = row.SoldAt!.Value }));
                        sold++;
                        break;
                    case MarketListingStatus.Ended:
                        events.Add((key, new MarketListingEvent { Kind = MarketListingEventKind.Ended, OldValue = "Active", NewValue = "Ended", At = demo.EndsAt }));
                        ended++;
                        break;
                    default:
                        active++;
                        break;
                }
            }
            using var turn = await writes.EnterAsync(cancellationToken);
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await SellerIdentities.LinkAsync(db, rows, cancellationToken);
            await BulkInsert.InsertAsync(db, ListingColumns, rows, Values, cancellationToken);
            var first = await db.MarketListings.Where(listing => listing.Source == MarketSourceKind.Demo).OrderByDescending(listing => listing.Id)
                .Take(rows.Count).Select(listing => new { listing.Id, listing.Platform, listing.ExternalId }).ToListAsync(cancellationToken);
            var ids = first.ToDictionary(listing => Key(listing.Platform, listing.ExternalId), listing => listing.Id);
            foreach (var (key, change) in events)
            {
                change.MarketListingId = ids[key];
            }
            await BulkInsert.InsertAsync(db, EventColumns, events.Select(pair => pair.Event).ToList(), EventValues, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return new DemoMarketSeed(days, all.Count, active, sold, ended, priceChanges);
    }

    /// <summary>The listing as a scan every six hours would have left it by <paramref name="now"/>.</summary>
    private static MarketListing Final(DemoMarketListing demo, DateTimeOffset now)
    {
        var status = demo.SoldAt is { } soldAt && soldAt <= now ? MarketListingStatus.Sold
            : demo.EndsAt <= now ? MarketListingStatus.Ended
            : MarketListingStatus.Active;
        var lastSeen = status switch
        {
            MarketListingStatus.Sold => demo.SoldAt!.Value,
            MarketListingStatus.Ended => demo.EndsAt,
            _ => now,
        };
        return new MarketListing
        {
            Platform = demo.Platform,
            ExternalId = demo.ExternalId,
            Url = demo.Url,
            Title = demo.Title,
            Format = demo.Format,
            Status = status,
            Price = status == MarketListingStatus.Sold ? demo.SalePrice ?? demo.PriceAt(demo.SoldAt!.Value) : demo.PriceAt(lastSeen),
            Currency = "USD",
            Shipping = demo.Shipping,
            Quantity = demo.Quantity,
            FirstSeenAt = demo.ListedAt,
            LastSeenAt = lastSeen,
            SoldAt = status == MarketListingStatus.Sold ? demo.SoldAt : null,
            SellerText = demo.SellerText,
            Source = MarketSourceKind.Demo,
        };
    }

    private static string Key(MarketPlatform platform, string externalId) => $"{platform}|{externalId}";

    private static object?[] Values(MarketListing listing) =>
    [
        listing.Platform, listing.ExternalId, listing.Url, listing.Title, listing.Format, listing.Status, listing.Price, listing.Currency,
        listing.Shipping, listing.Quantity, listing.FirstSeenAt, listing.LastSeenAt, listing.SoldAt, listing.SellerText, listing.Source,
        listing.CardId, listing.Treatment, listing.Grading, listing.ProductType, listing.ProductSubtype, listing.BundlePackCount,
        listing.IsBulkLot, listing.ParseConfidence, listing.SellerId,
    ];

    private static object?[] EventValues(MarketListingEvent change) =>
        [change.MarketListingId, change.Kind, change.OldValue, change.NewValue, change.At];
}
