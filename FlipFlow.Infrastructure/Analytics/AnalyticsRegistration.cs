using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Infrastructure.Analytics;

public static class AnalyticsRegistration
{
    /// <summary>The figures the dashboard and the <c>stats</c> verbs read.</summary>
    public static IServiceCollection AddFlipFlowAnalytics(this IServiceCollection services) => services
        .AddSingleton<DashboardFigures>();
}
