using FlipFlow.Infrastructure.Database;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>
/// Hangfire wired per host, not through its statics: the storage, client and recurring-job manager come from
/// this host's services, so several hosts in one process (tests, the benchmarks) keep their own.
/// </summary>
public static class HangfireJobEngine
{
    public static IServiceCollection AddHangfireEngine(this IServiceCollection services)
    {
        // Registered before AddHangfire, whose registrations only fill what is missing.
        services.AddSingleton<JobStorage>(provider =>
            HangfireStorageFactory.Create(provider.GetRequiredService<DatabaseSettings>(), provider.GetRequiredService<IOptions<JobsOptions>>().Value));
        // The same for every host in the process: how jobs and their arguments are written to storage.
        services.AddHangfire(configuration => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        return services;
    }
}
