using FlipFlow.Infrastructure.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FlipFlow.Infrastructure.Ingest;

public static class IngestRegistration
{
    /// <summary>
    /// Imports from addresses: their settings (section <c>Ingestion</c>, checked at start), the host limits and robots.txt
    /// cache shared by every fetch of this process, the sessions, the engine jobs of each address, and the
    /// <c>ingest-payload-cleanup</c> job.
    /// </summary>
    public static IServiceCollection AddFlipFlowIngest(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IngestionOptions>().Bind(configuration.GetSection(IngestionOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IngestionOptions>, IngestionOptionsValidation>());
        services.AddSingleton<HostLimits>();
        services.AddSingleton<RobotsCache>();
        services.AddSingleton<IngestPayloads>();
        services.AddSingleton<IngestListingWriter>();
        services.AddSingleton<IngestItemRunner>();
        services.AddSingleton<IngestEnqueuer>();
        services.AddSingleton<IngestSessions>();
        services.AddScoped<IngestItemExecution>();
        services.AddFlipFlowJob<IngestPayloadCleanupWork>(IngestPayloadCleanupWork.Definition);
        return services;
    }
}
