using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Infrastructure.Marketplaces;

public static class MarketplaceHttpClientRegistration
{
    /// <summary>How long a marketplace has to answer one request.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long a pooled connection is kept before it is closed and the host's address looked up again.</summary>
    public static readonly TimeSpan ConnectionLifetime = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Registers <typeparamref name="TClient"/> as a typed HttpClient for a marketplace's REST API.
    /// </summary>
    /// <remarks>
    /// A typed client is transient, yet the marketplace handlers that hold one are singletons (as
    /// MarketplaceHandlers, which takes them all, is): each keeps its client, and so its HttpClient, for the life
    /// of the process. A pooled handler captured that way would never be rotated by the factory and would keep
    /// stale DNS. Hence the factory's documented answer for long-lived clients: a SocketsHttpHandler that recycles
    /// its own connections (PooledConnectionLifetime), kept for good by the factory (no handler lifetime). Any
    /// singleton may then hold the client, and its HttpClient still sees DNS changes.
    /// </remarks>
    public static IServiceCollection AddMarketplaceHttpClient<TClient>(this IServiceCollection services)
        where TClient : RestMarketplaceClient
    {
        services.AddHttpClient<TClient>(http => http.Timeout = RequestTimeout)
            .UseSocketsHttpHandler((handler, _) => handler.PooledConnectionLifetime = ConnectionLifetime)
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        return services;
    }
}
