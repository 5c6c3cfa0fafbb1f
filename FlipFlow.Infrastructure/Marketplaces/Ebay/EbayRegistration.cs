using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Marketplaces.Ebay;
using FlipFlow.Infrastructure.Batches;
using Microsoft.Extensions.DependencyInjection;

// In the namespace of MarketplacesRegistration, which calls it, like the other marketplaces' registrations.
namespace FlipFlow.Infrastructure.Marketplaces;

public static class EbayRegistration
{
    /// <summary>eBay's connection descriptor, its client, and its handlers for publish, update, end, relist and sync.</summary>
    public static IServiceCollection AddFlipFlowEbay(this IServiceCollection services)
    {
        services.AddSingleton(EbayClient.Descriptor);

        services.AddMarketplaceHttpClient<EbayClient>();
        services.AddTransient<IMarketplaceClient>(provider => provider.GetRequiredService<EbayClient>());

        services.AddSingleton<IMarketplaceHandler, EbayPublishHandler>();
        services.AddSingleton<IMarketplaceHandler, EbayUpdateHandler>();
        services.AddSingleton<IMarketplaceHandler, EbayEndHandler>();
        services.AddSingleton<IMarketplaceHandler, EbayRelistHandler>();
        services.AddSingleton<IMarketplaceHandler, EbaySyncHandler>();
        return services;
    }
}
