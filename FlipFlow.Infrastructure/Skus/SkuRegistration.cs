using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Infrastructure.Skus;

public static class SkuRegistration
{
    /// <summary>The SKU review queue and its decisions.</summary>
    public static IServiceCollection AddFlipFlowSkus(this IServiceCollection services) => services.AddSingleton<SkuReview>();
}
