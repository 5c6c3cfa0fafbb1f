using FlipFlow.Domain.Alerts;
using FlipFlow.Infrastructure.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Infrastructure.Alerts;

public static class AlertsRegistration
{
    /// <summary>Raising alerts, their channels and history, and the job that delivers them.</summary>
    public static IServiceCollection AddFlipFlowAlerts(this IServiceCollection services)
    {
        services.AddHttpClient(AlertSender.ClientName, http => http.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        return services
            .AddSingleton<AlertSender>()
            .AddSingleton<AlertCenter>()
            .AddSingleton<IAlerts>(provider => provider.GetRequiredService<AlertCenter>())
            .AddSingleton<AlertChannels>()
            .AddSingleton<AlertHistory>()
            .AddSingleton<DataHealthAlerts>()
            .AddFlipFlowJob<AlertDeliveryWork>(AlertDeliveryWork.Definition);
    }
}
