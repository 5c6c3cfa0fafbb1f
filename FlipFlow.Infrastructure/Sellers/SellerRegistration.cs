using FlipFlow.Infrastructure.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Infrastructure.Sellers;

public static class SellerRegistration
{
    /// <summary>Seller identities, the directory, figures, merges, the backfill and its <c>seller-backfill</c> job.</summary>
    public static IServiceCollection AddFlipFlowSellers(this IServiceCollection services)
    {
        services.AddSingleton<SellerIdentities>();
        services.AddSingleton<SellerFigures>();
        services.AddSingleton<SellerDirectory>();
        services.AddSingleton<SellerMerges>();
        services.AddSingleton<SellerBackfill>();
        services.AddFlipFlowJob<SellerBackfillWork>(SellerBackfillWork.Definition);
        return services;
    }
}
