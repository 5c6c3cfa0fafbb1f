using FlipFlow.Infrastructure.Marketplaces;

namespace FlipFlow.Infrastructure.Batches;

/// <summary>One marketplace's connection (never its secrets) beside FlipFlow's listings on it by status.</summary>
public sealed record MarketplaceStatus(ConnectionState Connection, MarketplaceListingCounts Listings);

/// <summary>
/// Each marketplace with its connection and its listings, for <c>marketplace status</c> and <c>GET /api/v1/marketplaces</c>:
/// the two reads the Marketplaces page makes, joined once.
/// </summary>
public sealed class MarketplaceOverview(MarketplaceConnections connections, MarketplaceStats stats)
{
    public async Task<IReadOnlyList<MarketplaceStatus>> ListAsync(CancellationToken cancellationToken = default)
    {
        var states = await connections.ListAsync(cancellationToken);
        var counts = await stats.ListingCountsAsync(cancellationToken);
        return states.Select(state => new MarketplaceStatus(state, counts.First(count => count.Marketplace == state.Marketplace))).ToList();
    }
}
