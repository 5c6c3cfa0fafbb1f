using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace FlipFlow.Infrastructure.Fetching;

public static class FetchingRegistration
{
    /// <summary>
    /// The guarded fetcher with its own HttpClient, and its settings (section <c>Fetching</c>, checked at start).
    /// </summary>
    /// <remarks>
    /// Its callers are held by singletons (the marketplace handlers), so, as for the marketplace clients, the
    /// handler is kept for good and recycles its own connections; each new connection is checked again.
    /// </remarks>
    public static IServiceCollection AddFlipFlowFetching(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FetchingOptions>().Bind(configuration.GetSection(FetchingOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FetchingOptions>, FetchingOptionsValidation>());
        services.TryAddSingleton<FetchNetwork>();
        // The fetch's own deadline (Fetching:TimeoutSeconds) covers redirects and the body; the client's would cover one request.
        services.AddHttpClient<GuardedFetcher>(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .UseSocketsHttpHandler((handler, provider) => GuardedFetcher.Configure(handler, provider.GetRequiredService<FetchNetwork>(),
                provider.GetRequiredService<IOptions<FetchingOptions>>().Value))
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        return services;
    }
}
