using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Marketplaces.Ebay;

namespace FlipFlow.Infrastructure.Offers;

/// <summary>eBay's Negotiation API (sendOfferToInterestedBuyers) as an <see cref="IOfferSender"/>.</summary>
public sealed class EbayOfferSender(EbayClient ebay) : IOfferSender
{
    public Marketplace Marketplace => Marketplace.Ebay;

    public async Task<OfferDelivery> SendOfferToWatchersAsync(string remoteId, decimal price, string currency, string? message,
        CancellationToken cancellationToken)
    {
        var sent = await ebay.SendOfferToInterestedBuyersAsync(remoteId, price, currency, message, cancellationToken);
        return new OfferDelivery(sent.OfferIds.FirstOrDefault(), sent.Count);
    }
}
