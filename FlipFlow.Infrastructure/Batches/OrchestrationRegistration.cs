using FlipFlow.Infrastructure.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlipFlow.Infrastructure.Batches;

public static class OrchestrationRegistration
{
    public static IServiceCollection AddFlipFlowOrchestration(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OrchestrationOptions>().Bind(configuration.GetSection(OrchestrationOptions.Section));
        services.AddSingleton<MarketplaceHandlers>();
        services.AddSingleton<BatchCancellation>();
        services.AddSingleton<MarketplaceJobRunner>();
        services.AddSingleton<MarketplaceClaims>();
        services.AddScoped<MarketplaceJobExecution>();
        services.AddSingleton<BatchJobEnqueuer>();
        services.AddHostedService(provider => provider.GetRequiredService<BatchJobEnqueuer>());
        services.AddSingleton<MarketplaceSweeper>();
        services.AddHostedService(provider => provider.GetRequiredService<MarketplaceSweeper>());
        services.AddSingleton<MarketplaceDispatcher>();
        services.AddSingleton<MarketplaceBatches>();
        services.AddSingleton<MarketplaceStats>();
        services.AddSingleton<MarketplaceOverview>();
        services.AddFlipFlowJob<MarketplaceWork>(MarketplaceWork.Definition);
        return services;
    }
}
