using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Marketplaces.Ebay;
using FlipFlow.Infrastructure.Orchestration;
using Microsoft.Extensions.DependencyInjection;

// In the namespace of MarketplacesRegistration, which calls it, like the other marketplaces' registrations.
namespace FlipFlow.Infrastructure.Marketplaces;

public static class EbayRegistration
{
    /// <summary>eBay's connection descriptor, its client, and its handlers for publish, update, end, relist and sync.</summary>
    public static IServiceCollection AddFlipFlowEbay(this IServiceCollection services)
    {
        services.AddSingleton(EbayClient.Descriptor);

        // EbayClient is a typed client, so it is transient, yet the handlers that hold one are singletons (as
        // MarketplaceHandlers, which takes them all, is): each keeps its EbayClient, and so its HttpClient, for the
        // life of the process. A pooled handler captured that way would never be rotated by the factory and would
        // keep stale DNS. Hence the factory's documented answer for long-lived clients: a SocketsHttpHandler that
        // recycles its own connections (PooledConnectionLifetime), kept for good by the factory (no handler
        // lifetime). Any singleton may then hold an EbayClient, and every HttpClient of it still sees DNS changes.
        services.AddHttpClient<EbayClient>(http => http.Timeout = TimeSpan.FromSeconds(30))
            .UseSocketsHttpHandler((handler, _) => handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.AddTransient<IMarketplaceClient>(provider => provider.GetRequiredService<EbayClient>());

        services.AddSingleton<IMarketplaceHandler, EbayPublishHandler>();
        services.AddSingleton<IMarketplaceHandler, EbayUpdateHandler>();
        services.AddSingleton<IMarketplaceHandler, EbayEndHandler>();
        services.AddSingleton<IMarketplaceHandler, EbayRelistHandler>();
        services.AddSingleton<IMarketplaceHandler, EbaySyncHandler>();
        return services;
    }
}
