using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Marketplaces.Etsy;
using FlipFlow.Infrastructure.Orchestration;
using Microsoft.Extensions.DependencyInjection;

// In the namespace of MarketplacesRegistration, which calls it, so that its one line needs no using.
namespace FlipFlow.Infrastructure.Marketplaces;

public static class EtsyRegistration
{
    /// <summary>
    /// Etsy: its connection fields, its client and its handlers. The client and handlers are singletons (the
    /// handler registry is one), so the client holds no HttpClient of its own making: it sends each call through
    /// the message handler IHttpClientFactory holds for <see cref="EtsyClient.HttpClientName"/> at that moment,
    /// and fetches product images with a client the factory creates per call (see <see cref="EtsyClient"/>).
    /// </summary>
    public static IServiceCollection AddFlipFlowEtsy(this IServiceCollection services)
    {
        services.AddHttpClient(EtsyClient.HttpClientName, http => http.Timeout = EtsyClient.RequestTimeout);
        services.AddSingleton(EtsyClient.Descriptor);
        services.AddSingleton<EtsyClient>();
        services.AddSingleton<IMarketplaceClient>(provider => provider.GetRequiredService<EtsyClient>());
        services.AddSingleton<IMarketplaceHandler, EtsyPublishHandler>();
        services.AddSingleton<IMarketplaceHandler, EtsyUpdateHandler>();
        services.AddSingleton<IMarketplaceHandler, EtsyEndHandler>();
        services.AddSingleton<IMarketplaceHandler, EtsyRelistHandler>();
        services.AddSingleton<IMarketplaceHandler, EtsySyncHandler>();
        return services;
    }
}
