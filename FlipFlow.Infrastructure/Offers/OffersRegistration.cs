using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Infrastructure.Marketplaces.Demo;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Infrastructure.Offers;

public static class OffersRegistration
{
    /// <summary>Offers to watchers: the senders of the marketplaces that have them (eBay, Demo), the feature service and its hourly job.</summary>
    public static IServiceCollection AddFlipFlowOffers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OffersOptions>().Bind(configuration.GetSection(OffersOptions.Section));
        services.AddTransient<IOfferSender, EbayOfferSender>();
        services.AddSingleton<DemoOffers>();
        services.AddSingleton<IOfferSender>(provider => provider.GetRequiredService<DemoOffers>());
        services.AddSingleton<ListingOffers>();
        services.AddFlipFlowJob<ListingOffersWork>(ListingOffersWork.Definition);
        return services;
    }
}
