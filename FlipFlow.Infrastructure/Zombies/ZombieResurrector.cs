using FlipFlow.Domain.Batches;
using FlipFlow.Infrastructure.Batches;

namespace FlipFlow.Infrastructure.Zombies;

/// <summary>Resurrects zombies: ends and relists them, as new listings linked to the old ones, through one batch.</summary>
public sealed class ZombieResurrector(ZombieTargetChooser targets)
{
    /// <summary>
    /// Resurrects listings: one batch with a Relist job for each (end, then list again as a new listing linked
    /// to the old one). A listing that is not live, or is already in a batch that has not ended, is left out
    /// with the reason; when none is left, nothing is created.
    /// </summary>
    /// <exception cref="ZombieActionException">No listing can be resurrected.</exception>
    public async Task<BatchCreated> ResurrectAsync(IReadOnlyCollection<long> listingIds, string requestedBy, CancellationToken cancellationToken = default)
    {
        var (chosen, skipped) = await targets.ChooseAsync(listingIds, MarketplaceOperation.Relist, "resurrect", cancellationToken);
        var requests = chosen.Select(listing => new JobRequest(MarketplaceOperation.Relist, listing.Marketplace, ListingId: listing.Id)).ToList();
        var title = $"Resurrect {ZombieTargetChooser.Count(requests.Count, "zombie")}";
        return new BatchCreated(await targets.StartBatchAsync(title, requestedBy, requests, cancellationToken), skipped);
    }
}
