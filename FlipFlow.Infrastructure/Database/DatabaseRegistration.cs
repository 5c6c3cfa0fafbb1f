using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Infrastructure.Database;

public static class DatabaseRegistration
{
    /// <summary>
    /// Registers <see cref="IDbContextFactory{FlipFlowDbContext}"/> (one context per operation) and a scoped
    /// <see cref="FlipFlowDbContext"/> for Identity's stores, both for the configured provider.
    /// </summary>
    public static IServiceCollection AddFlipFlowDatabase(this IServiceCollection services, DatabaseSettings settings)
    {
        services.AddSingleton(settings);
        return settings.Provider switch
        {
            DatabaseProvider.Sqlite => services.AddFor<SqliteFlipFlowDbContext>(settings),
            DatabaseProvider.PostgreSql => services.AddFor<PostgreSqlFlipFlowDbContext>(settings),
            DatabaseProvider.SqlServer => services.AddFor<SqlServerFlipFlowDbContext>(settings),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Provider, "Unknown database provider."),
        };
    }

    private static IServiceCollection AddFor<TContext>(this IServiceCollection services, DatabaseSettings settings)
        where TContext : FlipFlowDbContext
    {
        services.AddDbContextFactory<TContext>(options => Configure(options, settings.Provider, settings.ConnectionString));
        services.AddSingleton<IDbContextFactory<FlipFlowDbContext>>(provider =>
            new ProviderContextFactory<TContext>(provider.GetRequiredService<IDbContextFactory<TContext>>()));
        services.AddScoped<FlipFlowDbContext>(provider => provider.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext());
        return services;
    }

    /// <summary>The one place that says how each provider is set up, for the app and for dotnet-ef alike.</summary>
    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString)
    {
        _ = provider switch
        {
            DatabaseProvider.Sqlite => options.UseSqlite(connectionString),
            DatabaseProvider.PostgreSql => options.UseNpgsql(connectionString),
            DatabaseProvider.SqlServer => options.UseSqlServer(connectionString, sql => sql.EnableRetryOnFailure()),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
        };
    }

    private sealed class ProviderContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<FlipFlowDbContext>
        where TContext : FlipFlowDbContext
    {
        public FlipFlowDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
