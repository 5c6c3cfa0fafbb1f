using FlipFlow.Web.Features.Batches;
using FlipFlow.Web.Features.Products;

namespace FlipFlow.Web.Features.Marketplaces;

/// <summary>
/// The marketplace console's own services and endpoints (products, batches, marketplaces pages). The feature
/// services behind them (catalogue, batches, stats, connections) are registered by the infrastructure.
/// </summary>
public static class MarketplaceConsoleRegistration
{
    /// <summary>The <see cref="BatchesMonitor"/> that the batches pages and the failure banner listen to, one per process.</summary>
    public static IServiceCollection AddMarketplaceConsole(this IServiceCollection services)
    {
        services.AddSingleton<BatchesMonitor>();
        services.AddHostedService(provider => provider.GetRequiredService<BatchesMonitor>());
        return services;
    }

    /// <summary>The console's endpoints besides its pages: the products CSV export.</summary>
    public static IEndpointRouteBuilder MapMarketplaceConsole(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapProductExport();
        return endpoints;
    }
}
