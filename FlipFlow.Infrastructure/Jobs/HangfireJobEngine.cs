using FlipFlow.Infrastructure.Database;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>
/// Hangfire wired per host, not through its statics: the storage, activator, filters, client and recurring-job
/// manager come from this host's services, so several hosts in one process (tests, the benchmarks) keep their own.
/// </summary>
public static class HangfireJobEngine
{
    /// <summary>
    /// The job catalogue, the run history and the engine, without starting a job server: the CLI uses this as it
    /// is; the console adds the hosted service that starts them (<c>AddFlipFlowJobHosting</c>).
    /// </summary>
    public static IServiceCollection AddFlipFlowJobEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JobsOptions>().Bind(configuration.GetSection(JobsOptions.Section));
        services.AddSingleton<JobCatalog>();
        services.AddSingleton<JobHistory>();
        services.AddSingleton<JobScheduleSync>();
        services.AddSingleton<JobNode>();
        services.AddSingleton<JobServers>();
        services.AddSingleton<IJobScheduler, HangfireJobScheduler>();
        services.AddSingleton<JobRunRecorder>();
        services.AddSingleton<NoOverlapGuard>();
        services.AddSingleton<JobTriggerStamp>();
        services.AddSingleton<SqliteQueueKeepAlive>();
        services.AddScoped<CatalogJobRunner>();
        services.AddBuiltInJobs();
        services.AddHangfireEngine();
        return services;
    }

    public static IServiceCollection AddHangfireEngine(this IServiceCollection services)
    {
        // Registered before AddHangfire, whose registrations only fill what is missing.
        services.AddSingleton<JobStorage>(provider =>
        {
            // Hangfire's process-wide settings are in place before this host's storage writes or reads a job.
            HangfireProcessSettings.Apply(provider.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>());
            return HangfireStorageFactory.Create(provider.GetRequiredService<DatabaseSettings>(), provider.GetRequiredService<IOptions<JobsOptions>>().Value);
        });
        // Each job runs in a DI scope of this host's services.
        services.AddSingleton<JobActivator>(provider => new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton<IJobFilterProvider, FlipFlowJobFilterProvider>();
        // The same for every host in the process: how jobs and their arguments are written to storage, and a log
        // provider that outlives the host (resolving IGlobalConfiguration, as the dashboard does, runs this).
        services.AddHangfire((provider, configuration) =>
            HangfireProcessSettings.Apply(configuration, provider.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()));
        return services;
    }
}
