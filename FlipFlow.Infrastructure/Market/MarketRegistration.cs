using FlipFlow.Infrastructure.Catalog;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Infrastructure.Market.Demo;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Infrastructure.Market;

public static class MarketRegistration
{
    /// <summary>The market store (upserter, scan, imports), the demo market source and the <c>market-scan</c> job.</summary>
    public static IServiceCollection AddFlipFlowMarket(this IServiceCollection services)
    {
        services.AddSingleton<CardCatalog>();
        services.AddSingleton<CatalogImport>();
        services.AddSingleton<MarketListingUpserter>();
        services.AddSingleton<MarketScan>();
        services.AddSingleton<MarketImports>();
        services.AddSingleton<MarketScanner>();
        services.AddSingleton<CardMarket>();
        services.AddSingleton<MarketListingSearch>();
        services.AddSingleton<MarketListingDetails>();
        services.AddSingleton<DemoMarketSource>();
        services.AddSingleton<IMarketSource>(provider => provider.GetRequiredService<DemoMarketSource>());
        services.AddSingleton<DemoMarketHistory>();
        services.AddFlipFlowJob<MarketScanWork>(MarketScanWork.Definition);
        return services;
    }
}
