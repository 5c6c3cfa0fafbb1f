using FlipFlow.Domain.Ingest;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Market;

/// <summary>
/// One market listing as its page shows it: the listing with its card, its seller's name, its changes newest first, and
/// the imports from addresses that read it, newest first.
/// </summary>
public sealed record MarketListingDetail(
    MarketListing Listing,
    string? CardName,
    string? SellerName,
    IReadOnlyList<MarketListingEvent> Events,
    IReadOnlyList<IngestItem> Imports)
{
    public IReadOnlyList<string> Images => Listing.ImageUrls?.Split('\n', StringSplitOptions.RemoveEmptyEntries) ?? [];

    public int PriceChanges => Events.Count(change => change.Kind == MarketListingEventKind.PriceChanged);
}

/// <summary>Reads one market listing whole, for its page, the API and the CLI.</summary>
public sealed class MarketListingDetails(IDbContextFactory<FlipFlowDbContext> contexts)
{
    /// <summary>The most changes and imports shown with a listing: the newest.</summary>
    public const int Shown = 100;

    public async Task<MarketListingDetail?> GetAsync(long listingId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var listing = await db.MarketListings.AsNoTracking().Include(row => row.Card)
            .FirstOrDefaultAsync(row => row.Id == listingId, cancellationToken);
        if (listing is null)
        {
            return null;
        }
        var seller = listing.SellerId is { } sellerId
            ? await db.Sellers.Where(row => row.Id == sellerId).Select(row => row.DisplayName).FirstOrDefaultAsync(cancellationToken)
            : null;
        var events = await db.MarketListingEvents.AsNoTracking().Where(change => change.MarketListingId == listingId)
            .OrderByDescending(change => change.At).ThenByDescending(change => change.Id).Take(Shown).ToListAsync(cancellationToken);
        var imports = await db.IngestItems.AsNoTracking().Where(item => item.MarketListingId == listingId)
            .OrderByDescending(item => item.Id).Take(Shown).ToListAsync(cancellationToken);
        return new MarketListingDetail(listing, listing.Card?.Name, seller, events, imports);
    }
}
