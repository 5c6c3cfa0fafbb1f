using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Infrastructure.Analytics;

public static class AnalyticsRegistration
{
    /// <summary>The Analytics page's trends, summary and CSV exports.</summary>
    public static IServiceCollection AddFlipFlowAnalytics(this IServiceCollection services) => services
        .AddSingleton<PortfolioAnalytics>();
}
