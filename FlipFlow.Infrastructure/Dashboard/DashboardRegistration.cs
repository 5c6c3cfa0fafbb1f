using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Infrastructure.Dashboard;

public static class DashboardRegistration
{
    /// <summary>The figures the dashboard and the <c>stats</c> verbs read.</summary>
    public static IServiceCollection AddFlipFlowDashboard(this IServiceCollection services) => services
        .AddSingleton<DashboardFigures>();
}
