using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Marketplaces.Demo;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Infrastructure.Batches;
using FlipFlow.Infrastructure.Market.Sources;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Infrastructure.Marketplaces;

public static class MarketplacesRegistration
{
    /// <summary>The marketplaces, their clients and handlers, and the orchestration that runs marketplace work.</summary>
    public static IServiceCollection AddFlipFlowMarketplaces(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MarketplaceOptions>().Bind(configuration.GetSection(MarketplaceOptions.Section));
        services.AddOptions<DemoMarketOptions>().Bind(configuration.GetSection(DemoMarketOptions.Section));
        services.AddSingleton<MarketplaceRateLimiter>();
        services.AddSingleton<MarketplaceConnections>();

        services.AddSingleton(new MarketplaceDescriptor(Marketplace.Demo, NeedsCredentials: false, []));
        services.AddSingleton<DemoRandom>();
        services.AddSingleton<DemoMarketplace>();
        services.AddSingleton<DemoMarketActivity>();
        services.AddFlipFlowJob<DemoMarketWork>(DemoMarketWork.Definition);
        services.AddSingleton<IMarketplaceClient>(provider => provider.GetRequiredService<DemoMarketplace>());
        services.AddSingleton<IMarketplaceHandler, DemoPublishHandler>();
        services.AddSingleton<IMarketplaceHandler, DemoUpdateHandler>();
        services.AddSingleton<IMarketplaceHandler, DemoEndHandler>();
        services.AddSingleton<IMarketplaceHandler, DemoRelistHandler>();
        services.AddSingleton<IMarketplaceHandler, DemoSyncHandler>();
        services.AddFlipFlowEbay();
        services.AddFlipFlowEtsy();
        services.AddFlipFlowMarketSources();

        services.AddFlipFlowOrchestration(configuration);
        return services;
    }
}
