using FlipFlow.Domain.Market;

namespace FlipFlow.Domain.Quality;

/// <summary>A live listing as duplicates are told apart: the card and its treatment, the seller, the format and the price.</summary>
public readonly record struct ListingLikeness(long Id, int CardId, string? Treatment, long SellerId, MarketListingFormat Format, decimal Price, string Currency);

/// <summary>
/// Live listings of the same card and treatment, by the same seller, in the same format at the same price are one listing
/// seen twice: the first seen (lowest id) stands, the others are its duplicates.
/// </summary>
public static class DuplicateListings
{
    public static IEnumerable<long> Find(IEnumerable<ListingLikeness> listings) =>
        listings.GroupBy(listing => listing with { Id = 0 })
            .SelectMany(group => group.Select(listing => listing.Id).Order().Skip(1));
}
