using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Infrastructure.Supply;

public static class SupplyRegistration
{
    /// <summary>Supply concentration and sell-through velocity.</summary>
    public static IServiceCollection AddFlipFlowSupply(this IServiceCollection services) => services.AddSingleton<SupplyAnalytics>();
}
