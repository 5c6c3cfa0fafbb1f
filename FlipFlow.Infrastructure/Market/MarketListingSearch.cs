using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Market;

/// <summary>Which market listings to list: of one card, platform, status or seller, or whose title holds some words (all when null).</summary>
public sealed record MarketListingFilter(int? CardId = null, MarketPlatform? Platform = null, MarketListingStatus? Status = null, string? Search = null,
    long? SellerId = null);

/// <summary>Market listings, the latest seen first, a page at a time: <c>/api/v1/market/listings</c> and <c>market listings</c>.</summary>
public sealed class MarketListingSearch(IDbContextFactory<FlipFlowDbContext> contexts)
{
    public async Task<(IReadOnlyList<CardObservation> Listings, int Total)> FindAsync(MarketListingFilter filter, int skip, int take,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var listings = db.MarketListings.AsNoTracking();
        if (filter.CardId is { } cardId)
        {
            listings = listings.Where(listing => listing.CardId == cardId);
        }
        if (filter.Platform is { } platform)
        {
            listings = listings.Where(listing => listing.Platform == platform);
        }
        if (filter.SellerId is { } sellerId)
        {
            listings = listings.Where(listing => listing.SellerId == sellerId);
        }
        if (filter.Status is { } status)
        {
            listings = listings.Where(listing => listing.Status == status);
        }
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var words = filter.Search.Trim().ToLowerInvariant();
            listings = listings.Where(listing => listing.Title.ToLower().Contains(words));
        }
        var total = await listings.CountAsync(cancellationToken);
        var page = await listings.OrderByDescending(listing => listing.LastSeenAt).ThenByDescending(listing => listing.Id)
            .Skip(skip).Take(take)
            .Select(listing => new CardObservation(listing.Id, listing.Platform, listing.Title, listing.Url, listing.Status, listing.Price, listing.Currency,
                listing.Treatment, listing.Grading, listing.IsBulkLot, listing.SellerText, listing.SellerId, listing.FirstSeenAt, listing.LastSeenAt, listing.SoldAt))
            .ToListAsync(cancellationToken);
        return (page, total);
    }
}
