using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Marketplaces.Etsy;
using FlipFlow.Infrastructure.Batches;
using Microsoft.Extensions.DependencyInjection;

// In the namespace of MarketplacesRegistration, which calls it, so that its one line needs no using.
namespace FlipFlow.Infrastructure.Marketplaces;

public static class EtsyRegistration
{
    /// <summary>Etsy's connection descriptor, its client, and its handlers for publish, update, end, relist and sync.</summary>
    public static IServiceCollection AddFlipFlowEtsy(this IServiceCollection services)
    {
        services.AddSingleton(EtsyClient.Descriptor);
        services.AddMarketplaceHttpClient<EtsyClient>();
        services.AddTransient<IMarketplaceClient>(provider => provider.GetRequiredService<EtsyClient>());
        services.AddSingleton<IMarketplaceHandler, EtsyPublishHandler>();
        services.AddSingleton<IMarketplaceHandler, EtsyUpdateHandler>();
        services.AddSingleton<IMarketplaceHandler, EtsyEndHandler>();
        services.AddSingleton<IMarketplaceHandler, EtsyRelistHandler>();
        services.AddSingleton<IMarketplaceHandler, EtsySyncHandler>();
        return services;
    }
}
