using System.Globalization;
using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Sellers;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Market;

/// <summary>What one upsert of a source's read changed.</summary>
public sealed record MarketUpsertResult(int Seen, int Created, int Updated, int PriceChanges, int Sold, int Ended);

/// <summary>
/// Saves what a market source returned: a listing is found by its platform and external id, created when new and
/// updated when seen again. Its title is read with <see cref="TitleParser"/> when the listing is new or its title
/// changed. A price change is kept as a <see cref="MarketListingEventKind.PriceChanged"/> event, a sale as
/// <see cref="MarketListingEventKind.Sold"/>, in the same transaction as the listing's new state, and each listing is
/// linked to its seller (<see cref="SellerIdentities"/>), in the same transaction as the listing's new state. When the source
/// <see cref="IMarketSource.ListsActives">lists every active listing</see>, its actives it did not return are ended.
/// Work goes in batches of <see cref="BatchSize"/> listings, one transaction each.
/// </summary>
public sealed class MarketListingUpserter(IDbContextFactory<FlipFlowDbContext> contexts, DatabaseWriteGate writes)
{
    public const int BatchSize = 1000;

    private static readonly string[] InsertedColumns =
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

    /// <param name="at">When the source was read: the listings' last-seen time, and the time of the events.</param>
    public async Task<MarketUpsertResult> UpsertAsync(MarketSourceKind source, bool listsActives, IReadOnlyList<ObservedListing> observed,
        IReadOnlyList<Card> cards, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var parser = new TitleParser(cards);
        // A listing returned twice in one read counts once, as last returned.
        var unique = observed.GroupBy(listing => (listing.Platform, listing.ExternalId)).Select(group => group.Last()).ToList();
        int created = 0, updated = 0, priceChanges = 0, sold = 0;
        foreach (var batch in unique.Chunk(BatchSize))
        {
            var counts = await UpsertBatchAsync(source, batch, parser, at, cancellationToken);
            created += counts.Created;
            updated += counts.Updated;
            priceChanges += counts.PriceChanges;
            sold += counts.Sold;
        }
        var ended = listsActives
            ? await EndUnreturnedAsync(source, unique.Select(listing => (listing.Platform, listing.ExternalId)).ToHashSet(), at, cancellationToken)
            : 0;
        return new MarketUpsertResult(unique.Count, created, updated, priceChanges, sold, ended);
    }

    private async Task<MarketUpsertResult> UpsertBatchAsync(MarketSourceKind source, IReadOnlyList<ObservedListing> batch, TitleParser parser,
        DateTimeOffset at, CancellationToken cancellationToken)
    {
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var existing = new Dictionary<(MarketPlatform, string), MarketListing>();
        foreach (var platform in batch.GroupBy(listing => listing.Platform))
        {
            var ids = platform.Select(listing => listing.ExternalId).ToList();
            var key = platform.Key;
            foreach (var listing in await db.MarketListings.Where(row => row.Platform == key && ids.Contains(row.ExternalId)).ToListAsync(cancellationToken))
            {
                existing[(listing.Platform, listing.ExternalId)] = listing;
            }
        }

        var fresh = new List<MarketListing>();
        int updated = 0, priceChanges = 0, sold = 0;
        foreach (var seen in batch)
        {
            if (!existing.TryGetValue((seen.Platform, seen.ExternalId), out var listing))
            {
                var listingNew = new MarketListing
                {
                    Platform = seen.Platform,
                    ExternalId = seen.ExternalId,
                    Title = seen.Title,
                    Currency = seen.Currency,
                    Source = source,
                    FirstSeenAt = seen.SoldAt is { } soldAt && soldAt < at ? soldAt : at,
                };
                Apply(listingNew, seen, at);
                listingNew.Apply(parser.Parse(seen.Title));
                fresh.Add(listingNew);
                continue;
            }
            var changes = new List<MarketListingEvent>();
            if (listing.Price != seen.Price)
            {
                changes.Add(MarketListingEvent.Of(listing.Id, MarketListingEventKind.PriceChanged, MarketListingEvent.Money(listing.Price), MarketListingEvent.Money(seen.Price), at));
                priceChanges++;
            }
            if (listing.Status != seen.Status)
            {
                var kind = seen.Status switch
                {
                    MarketListingStatus.Sold => MarketListingEventKind.Sold,
                    MarketListingStatus.Ended => MarketListingEventKind.Ended,
                    _ => (MarketListingEventKind?)null,
                };
                if (kind is { } changed)
                {
                    changes.Add(MarketListingEvent.Of(listing.Id, changed, listing.Status.ToString(), seen.Status.ToString(), seen.SoldAt ?? at));
                    sold += changed == MarketListingEventKind.Sold ? 1 : 0;
                }
            }
            var titleChanged = listing.Title != seen.Title;
            Apply(listing, seen, at);
            if (titleChanged)
            {
                listing.Apply(parser.Parse(seen.Title));
            }
            db.MarketListingEvents.AddRange(changes);
            updated++;
        }
        await SellerIdentities.LinkAsync(db, [.. existing.Values, .. fresh], cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await BulkInsert.InsertAsync(db, InsertedColumns, fresh, InsertedValues, cancellationToken);
        sold += fresh.Count(listing => listing.Status == MarketListingStatus.Sold);
        await transaction.CommitAsync(cancellationToken);
        return new MarketUpsertResult(batch.Count, fresh.Count, updated, priceChanges, sold, 0);
    }

    /// <summary>Ends the source's active listings that this read did not return, with an <see cref="MarketListingEventKind.Ended"/> event each.</summary>
    private async Task<int> EndUnreturnedAsync(MarketSourceKind source, HashSet<(MarketPlatform, string)> returned, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        List<long> gone;
        await using (var read = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var actives = await read.MarketListings.AsNoTracking()
                .Where(listing => listing.Source == source && listing.Status == MarketListingStatus.Active)
                .Select(listing => new { listing.Id, listing.Platform, listing.ExternalId })
                .ToListAsync(cancellationToken);
            gone = actives.Where(listing => !returned.Contains((listing.Platform, listing.ExternalId))).Select(listing => listing.Id).ToList();
        }
        foreach (var batch in gone.Chunk(BatchSize))
        {
            using var turn = await writes.EnterAsync(cancellationToken);
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.MarketListings.Where(listing => batch.Contains(listing.Id) && listing.Status == MarketListingStatus.Active)
                .ExecuteUpdateAsync(update => update.SetProperty(listing => listing.Status, MarketListingStatus.Ended), cancellationToken);
            var events = batch.Select(id => MarketListingEvent.Of(id, MarketListingEventKind.Ended, nameof(MarketListingStatus.Active), nameof(MarketListingStatus.Ended), at)).ToList();
            await BulkInsert.InsertAsync(db, EventColumns, events, EventValues, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return gone.Count;
    }

    private static void Apply(MarketListing listing, ObservedListing seen, DateTimeOffset at)
    {
        listing.Url = seen.Url;
        listing.Title = seen.Title;
        listing.Format = seen.Format;
        listing.Status = seen.Status;
        listing.Price = seen.Price;
        listing.Currency = seen.Currency;
        listing.Shipping = seen.Shipping;
        listing.Quantity = seen.Quantity;
        listing.SellerText = seen.SellerText;
        listing.LastSeenAt = at;
        listing.SoldAt = seen.Status == MarketListingStatus.Sold ? seen.SoldAt ?? listing.SoldAt ?? at : null;
    }

    private static object?[] InsertedValues(MarketListing listing) =>
    [
        listing.Platform, listing.ExternalId, listing.Url, listing.Title, listing.Format, listing.Status, listing.Price, listing.Currency,
        listing.Shipping, listing.Quantity, listing.FirstSeenAt, listing.LastSeenAt, listing.SoldAt, listing.SellerText, listing.Source,
        listing.CardId, listing.Treatment, listing.Grading, listing.ProductType, listing.ProductSubtype, listing.BundlePackCount,
        listing.IsBulkLot, listing.ParseConfidence, listing.SellerId,
    ];

    private static object?[] EventValues(MarketListingEvent change) =>
        [change.MarketListingId, change.Kind, change.OldValue, change.NewValue, change.At];
}
