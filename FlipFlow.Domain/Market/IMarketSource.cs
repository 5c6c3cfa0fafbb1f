using FlipFlow.Domain.Catalog;

namespace FlipFlow.Domain.Market;

/// <summary>A listing as a source returned it, before FlipFlow reads its title.</summary>
public sealed record ObservedListing(
    MarketPlatform Platform,
    string ExternalId,
    string? Url,
    string Title,
    MarketListingFormat Format,
    MarketListingStatus Status,
    decimal Price,
    string Currency,
    decimal? Shipping,
    int Quantity,
    DateTimeOffset? SoldAt,
    string? SellerText);

/// <summary>What one read of a source returned, and the errors it met on the way (one card's failure does not stop the rest).</summary>
public sealed record MarketSourceRead(IReadOnlyList<ObservedListing> Listings, IReadOnlyList<string> Errors);

/// <summary>
/// A place the market is read from: the demo market, eBay's Browse API and Marketplace Insights, Blokpax.
/// A source that <see cref="ListsActives"/> returns every active listing it knows for the cards asked about, so a
/// listing it stops returning has ended.
/// </summary>
public interface IMarketSource
{
    MarketSourceKind Kind { get; }

    bool ListsActives { get; }

    /// <summary>Whether it is connected and may be read now; the demo market always is.</summary>
    Task<bool> IsConnectedAsync(CancellationToken cancellationToken);

    Task<MarketSourceRead> ReadAsync(IReadOnlyList<Card> cards, CancellationToken cancellationToken);
}
