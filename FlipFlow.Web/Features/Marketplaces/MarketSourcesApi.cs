using FlipFlow.Infrastructure.Market.Sources;
using FlipFlow.Infrastructure.Marketplaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FlipFlow.Web.Features.Marketplaces;

/// <summary>
/// A market source as the Marketplaces page shows it to every role: its connection's state, why the account cannot
/// read it (if so), and how its reads went. Never a setting or a secret: those are an Admin's, on the page or the command line.
/// </summary>
public sealed record ApiMarketSource(
    string Source,
    string Name,
    ConnectionHealth Connection,
    string? AccessNote,
    DateTimeOffset? LastReadAt,
    DateTimeOffset? LastSuccessAt,
    DateTimeOffset? LastErrorAt,
    string? LastError,
    DateTimeOffset? UpdatedAt,
    string? UpdatedBy);

/// <summary><c>GET /api/v1/market/sources</c>: each market source with its connection status, as <c>market-source status</c> lists them.</summary>
public static class MarketSourcesApi
{
    public static RouteGroupBuilder MapMarketSourcesApi(this RouteGroupBuilder api)
    {
        api.MapGet("market/sources", async Task<Ok<IReadOnlyList<ApiMarketSource>>> (MarketSourceConnections connections, CancellationToken cancellationToken) =>
            {
                var states = await connections.ListAsync(cancellationToken);
                return TypedResults.Ok<IReadOnlyList<ApiMarketSource>>(states.Select(state => new ApiMarketSource(
                    state.Kind.ToString().ToLowerInvariant(), state.Descriptor.DisplayName, state.Health, state.AccessNote, state.LastCallAt,
                    state.LastSuccessAt, state.LastErrorAt, state.LastError, state.UpdatedAt, state.UpdatedBy)).ToList());
            })
            .WithName("ListMarketSources")
            .WithSummary("Each market source (eBay Browse, eBay Marketplace Insights, Blokpax) with its connection status and access note; never its settings or secrets.")
            .WithTags("Marketplaces");
        return api;
    }
}
