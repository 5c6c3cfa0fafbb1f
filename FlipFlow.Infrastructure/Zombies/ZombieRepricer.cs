using System.Globalization;
using FlipFlow.Domain.Batches;
using FlipFlow.Domain.Common;
using FlipFlow.Domain.Zombies;
using FlipFlow.Infrastructure.Batches;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Zombies;

/// <summary>Reprices zombies: their products' prices down by a percentage, never below a floor (<see cref="ZombieReprice"/>), then an Update batch.</summary>
public sealed class ZombieRepricer(IDbContextFactory<FlipFlowDbContext> contexts, ZombieTargetChooser targets, DatabaseWriteGate writes, TimeProvider clock)
{
    /// <summary>
    /// Lowers the listings' products' prices by <paramref name="percent"/> (rounded to the cent), never below
    /// <paramref name="floor"/> (a price already at or under it is left alone), then publishes them with one
    /// batch of Update jobs for those listings. When the batch cannot be made, the prices go back.
    /// </summary>
    /// <exception cref="ZombieActionException">The percentage is not above 0 and at most 90, the floor is negative, or nothing is left to reprice.</exception>
    public async Task<BatchCreated> RepriceAsync(IReadOnlyCollection<long> listingIds, decimal percent, decimal floor, string requestedBy,
        CancellationToken cancellationToken = default)
    {
        if (ZombieReprice.Refusal(percent, floor) is { } refusal)
        {
            throw new ZombieActionException(refusal, Refusal.Invalid);
        }
        var reprice = new ZombieReprice(percent, floor);
        var (chosen, skipped) = await targets.ChooseAsync(listingIds, MarketplaceOperation.Update, "reprice", cancellationToken);
        var productIds = chosen.Select(listing => listing.ProductId).Distinct().ToList();
        var previous = new Dictionary<long, decimal>();
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var products = await db.Products.Where(product => productIds.Contains(product.Id)).ToListAsync(cancellationToken);
            var now = clock.GetUtcNow();
            foreach (var product in products)
            {
                if (reprice.PriceFor(product.Price) is not { } price)
                {
                    skipped.Add($"{product.Sku}: {Money(product.Price, product.Currency)} is already at or under the floor {Money(floor, product.Currency)}");
                    continue;
                }
                previous[product.Id] = product.Price;
                product.Price = price;
                product.UpdatedAt = now;
            }
            chosen = chosen.Where(listing => previous.ContainsKey(listing.ProductId)).ToList();
            if (chosen.Count == 0)
            {
                throw new ZombieActionException($"Nothing to reprice: {ZombieTargetChooser.Summary(skipped)}.");
            }
            using (await writes.EnterAsync(cancellationToken))
            {
                await db.SaveChangesAsync(cancellationToken);
            }
        }
        var requests = chosen.Select(listing => new JobRequest(MarketplaceOperation.Update, listing.Marketplace, ListingId: listing.Id)).ToList();
        try
        {
            var title = $"Reprice {ZombieTargetChooser.Count(requests.Count, "zombie")} by {percent.ToString("0.##", CultureInfo.InvariantCulture)}%";
            return new BatchCreated(await targets.StartBatchAsync(title, requestedBy, requests, cancellationToken), skipped);
        }
        catch
        {
            // No batch, so no price change either: the products go back to what they were.
            await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
            foreach (var (productId, price) in previous)
            {
                await db.Products.Where(product => product.Id == productId)
                    .ExecuteUpdateAsync(set => set.SetProperty(product => product.Price, price), CancellationToken.None);
            }
            throw;
        }
    }

    private static string Money(decimal amount, string currency) => $"{amount.ToString("0.00", CultureInfo.InvariantCulture)} {currency}";
}
