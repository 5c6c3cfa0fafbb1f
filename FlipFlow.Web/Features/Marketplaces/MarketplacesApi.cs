using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Batches;
using FlipFlow.Infrastructure.Marketplaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlipFlow.Web.Features.Marketplaces;

/// <summary>
/// A marketplace as the Marketplaces page shows it to every role: its connection's state and calls, and FlipFlow's listings on it.
/// Never a setting or a secret: those are an Admin's, on the page.
/// </summary>
/// <param name="NeedsCredentials">False for Demo, which lives inside FlipFlow and is always connected.</param>
public sealed record ApiMarketplace(
    string Marketplace,
    string Name,
    ConnectionHealth Connection,
    bool NeedsCredentials,
    DateTimeOffset? TokenExpiresAt,
    DateTimeOffset? LastCallAt,
    DateTimeOffset? LastErrorAt,
    string? LastError,
    DateTimeOffset? UpdatedAt,
    string? UpdatedBy,
    ApiMarketplaceListings Listings);

/// <summary>FlipFlow's listings on a marketplace, by status.</summary>
public sealed record ApiMarketplaceListings(int Draft, int Active, int Ended, int Sold);

/// <summary><c>GET /api/v1/marketplaces</c>: each marketplace with its connection status, as <c>marketplace status</c> lists them.</summary>
public static class MarketplacesApi
{
    public static RouteGroupBuilder MapMarketplacesApi(this RouteGroupBuilder api)
    {
        api.MapGet("marketplaces", async Task<Ok<IReadOnlyList<ApiMarketplace>>> (MarketplaceOverview overview, CancellationToken cancellationToken) =>
            {
                var statuses = await overview.ListAsync(cancellationToken);
                return TypedResults.Ok<IReadOnlyList<ApiMarketplace>>(statuses.Select(status =>
                {
                    var (connection, listings) = (status.Connection, status.Listings);
                    return new ApiMarketplace(connection.Marketplace.Key(), connection.Marketplace.DisplayName(), connection.Health,
                        connection.Descriptor.NeedsCredentials, connection.TokenExpiresAt, connection.LastCallAt, connection.LastErrorAt, connection.LastError,
                        connection.UpdatedAt, connection.UpdatedBy, new ApiMarketplaceListings(listings.Draft, listings.Active, listings.Ended, listings.Sold));
                }).ToList());
            })
            .WithName("ListMarketplaces")
            .WithSummary("Each marketplace with its connection status and FlipFlow's listings on it by status; never its settings or secrets.")
            .WithTags("Marketplaces");
        return api;
    }
}
