using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Infrastructure.Quality;

public static class QualityRegistration
{
    /// <summary>The data-quality checks and their fixes.</summary>
    public static IServiceCollection AddFlipFlowQuality(this IServiceCollection services) =>
        services.AddSingleton<DataQuality>().AddSingleton<QualityFixes>();
}
