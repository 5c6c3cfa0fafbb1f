using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Offers;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Marketplaces.Demo;

/// <summary>
/// Offers to watchers on the Demo marketplace. Like eBay's, an offer goes only to a live listing with watchers; each
/// watcher takes it with a chance of <see cref="AcceptChance"/>, and when one does the Demo listing sells a unit at
/// once (one watcher fewer), which FlipFlow sees at its next sync, as it would a real sale.
/// </summary>
public sealed class DemoOffers(
    IDbContextFactory<FlipFlowDbContext> contexts,
    DemoRandom random,
    MarketplaceConnections connections,
    TimeProvider clock) : IOfferSender
{
    public const double AcceptChance = 0.15;

    public Marketplace Marketplace => Marketplace.Demo;

    public async Task<OfferDelivery> SendOfferToWatchersAsync(string remoteId, decimal price, string currency, string? message,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var listing = DemoListing.IdOf(remoteId) is { } id ? await db.DemoListings.FirstOrDefaultAsync(found => found.Id == id, cancellationToken) : null;
        var refusal = listing switch
        {
            null => $"Demo answered 404: there is no listing {remoteId}.",
            { Status: not ListingStatus.Active } => $"Demo answered 409: listing {remoteId} is {listing.Status}, offers go only to active listings.",
            { Watchers: <= 0 } => $"Demo answered 409: listing {remoteId} has no interested buyers.",
            _ when price <= 0 || price >= listing.Price => $"Demo answered 400: an offer must be above zero and under the listing's price {listing.Price:0.00}.",
            _ when currency != listing.Currency => $"Demo answered 400: the listing is priced in {listing.Currency}, not {currency}.",
            _ => null,
        };
        if (refusal is not null || listing is null)
        {
            await connections.RecordCallAsync(Marketplace, refusal, cancellationToken);
            throw new PermanentMarketplaceException(Marketplace, refusal ?? "Demo answered 404.");
        }
        var buyers = listing.Watchers;
        var now = clock.GetUtcNow();
        if (listing.Quantity > 0 && Enumerable.Range(0, buyers).Any(_ => random.Next() < AcceptChance))
        {
            listing.Quantity--;
            listing.QuantitySold++;
            listing.Watchers--;
            listing.LastSaleAt = now;
            if (listing.Quantity == 0)
            {
                listing.Status = ListingStatus.Sold;
                listing.EndedAt = now;
            }
            await db.SaveChangesAsync(cancellationToken);
        }
        await connections.RecordCallAsync(Marketplace, null, cancellationToken);
        return new OfferDelivery($"demo-offer-{listing.Id}-{now.ToUnixTimeSeconds()}", buyers);
    }
}
