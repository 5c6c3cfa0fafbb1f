using FlipFlow.Infrastructure.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Infrastructure.Listings;

public static class ListingsRegistration
{
    public static IServiceCollection AddFlipFlowListings(this IServiceCollection services) => services
        .AddSingleton<ListingSync>()
        .AddFlipFlowJob<ListingSyncWork>(ListingSyncWork.Definition)
        .AddSingleton<DemoHistory>();
}
