using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Marketplaces;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Infrastructure.Market.Sources;

public static class MarketSourcesRegistration
{
    /// <summary>The market sources that need a connection, each registered as an <see cref="IMarketSource"/>, and their connections.</summary>
    public static IServiceCollection AddFlipFlowMarketSources(this IServiceCollection services)
    {
        services.AddSingleton<MarketSourceConnections>();

        services.AddSingleton(EbayBrowseSource.Descriptor);
        services.AddHttpClient<EbayBrowseSource>(http => http.Timeout = MarketplaceHttpClientRegistration.RequestTimeout);
        services.AddTransient<IMarketSource>(provider => provider.GetRequiredService<EbayBrowseSource>());

        services.AddSingleton(EbayInsightsSource.Descriptor);
        services.AddHttpClient<EbayInsightsSource>(http => http.Timeout = MarketplaceHttpClientRegistration.RequestTimeout);
        services.AddTransient<IMarketSource>(provider => provider.GetRequiredService<EbayInsightsSource>());

        services.AddSingleton(BlokpaxSource.Descriptor);
        services.AddHttpClient<BlokpaxSource>(http => http.Timeout = MarketplaceHttpClientRegistration.RequestTimeout);
        services.AddTransient<IMarketSource>(provider => provider.GetRequiredService<BlokpaxSource>());
        return services;
    }
}
