namespace FlipFlow.Web.Features.Jobs;

public static class JobsConsoleRegistration
{
    /// <summary>
    /// The jobs console's own services: the <see cref="JobsMonitor"/> its pages listen to, the monitors of the imports and of the imports from addresses, one per process.
    /// The scheduler itself (<c>IJobScheduler</c>) is registered by the jobs engine, not here.
    /// </summary>
    public static IServiceCollection AddJobsConsole(this IServiceCollection services)
    {
        services.AddSingleton<JobsMonitor>();
        services.AddHostedService(provider => provider.GetRequiredService<JobsMonitor>());
        services.AddSingleton<Imports.ImportsMonitor>();
        services.AddHostedService(provider => provider.GetRequiredService<Imports.ImportsMonitor>());
        services.AddSingleton<Ingest.IngestMonitor>();
        services.AddHostedService(provider => provider.GetRequiredService<Ingest.IngestMonitor>());
        services.AddSingleton<Alerts.AlertsMonitor>();
        services.AddHostedService(provider => provider.GetRequiredService<Alerts.AlertsMonitor>());
        return services;
    }
}
