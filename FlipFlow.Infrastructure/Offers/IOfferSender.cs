using FlipFlow.Domain.Marketplaces;

namespace FlipFlow.Infrastructure.Offers;

/// <summary>
/// The optional capability of a marketplace to send an offer to the buyers watching a listing. A marketplace
/// without an implementation (Etsy) cannot send offers, and <see cref="ListingOffers"/> says so by name.
/// </summary>
public interface IOfferSender
{
    Marketplace Marketplace { get; }

    /// <summary>
    /// Offers the listing at <paramref name="price"/> to its watchers. Throws a <see cref="MarketplaceException"/>
    /// with the marketplace's own words when it refuses or fails.
    /// </summary>
    Task<OfferDelivery> SendOfferToWatchersAsync(string remoteId, decimal price, string currency, string? message, CancellationToken cancellationToken);
}

/// <summary>What a marketplace answered to an offer: its id for it (the first, when it sent several) and how many buyers got it.</summary>
public sealed record OfferDelivery(string? RemoteId, int Buyers);
