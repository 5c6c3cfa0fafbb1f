using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Infrastructure.Analytics;

public static class AnalyticsTrendsRegistration
{
    /// <summary>The Analytics page's trends, summary and CSV exports.</summary>
    public static IServiceCollection AddFlipFlowAnalyticsTrends(this IServiceCollection services) => services
        .AddSingleton<PortfolioAnalytics>();
}
