using FlipFlow.Web.Features.Market;
using FlipFlow.Web.Features.Analytics;
using FlipFlow.Web.Features.ApiKeys;
using FlipFlow.Web.Features.Batches;
using FlipFlow.Web.Features.Dashboard;
using FlipFlow.Web.Features.Jobs;
using FlipFlow.Web.Features.Listings;
using FlipFlow.Web.Features.Marketplaces;
using FlipFlow.Web.Features.Products;
using FlipFlow.Web.Features.Sellers;
using FlipFlow.Web.Features.Zombies;

namespace FlipFlow.Web.Features.Api;

/// <summary>
/// The REST API under <c>/api/v1</c>: one group, every endpoint behind an API key (<see cref="ApiAccess.Read"/>,
/// writes marked with <see cref="ApiAccess.Writes"/>), every request counted against its key's read budget
/// (<see cref="ApiRateLimits.Reads"/>; writes against the write budget instead). Each feature maps its own endpoints
/// from its Web folder.
/// </summary>
public static class ApiEndpoints
{
    public const string Prefix = "/api/v1";

    public static RouteGroupBuilder MapApiV1(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix).RequireAuthorization(ApiAccess.Read).RequireRateLimiting(ApiRateLimits.Reads);
        api.MapApiKeysApi();
        api.MapProductsApi();
        api.MapBatchesApi();
        api.MapZombiesApi();
        api.MapDashboardApi();
        api.MapAnalyticsApi();
        api.MapMarketplacesApi();
        api.MapMarketSourcesApi();
        api.MapMarketApi();
        api.MapSellersApi();
        Skus.SkusApi.MapSkusApi(api);
        Inventory.InventoryApi.MapInventoryApi(api);
        Imports.ImportsApi.MapImportsApi(api);
        Supply.SupplyApi.MapSupplyApi(api);
        Alerts.AlertsApi.MapAlertsApi(api);
        RunLog.RunLogApi.MapRunLogApi(api);
        Quality.QualityApi.MapQualityApi(api);
        Ingest.IngestApi.MapIngestApi(api);
        api.MapListingsApi();
        api.MapJobsApi();
        return api;
    }
}
