using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlipFlow.Infrastructure.Database;

public static class DatabaseRegistration
{
    /// <summary>
    /// Registers <see cref="DatabaseSettings"/>, <see cref="IDbContextFactory{FlipFlowDbContext}"/> (one context
    /// per operation) and a scoped <see cref="FlipFlowDbContext"/> for Identity's stores. The provider is read from
    /// configuration when first needed, so settings added after registration (tests, hosts) still count.
    /// </summary>
    public static IServiceCollection AddFlipFlowDatabase(this IServiceCollection services)
    {
        services.AddSingleton(provider => DatabaseSettings.From(
            provider.GetRequiredService<IConfiguration>(), provider.GetRequiredService<IHostEnvironment>().ContentRootPath));
        services.AddContextFactory<SqliteFlipFlowDbContext>();
        services.AddContextFactory<PostgreSqlFlipFlowDbContext>();
        services.AddContextFactory<SqlServerFlipFlowDbContext>();
        services.AddSingleton<IDbContextFactory<FlipFlowDbContext>>(provider =>
            provider.GetRequiredService<DatabaseSettings>().Provider switch
            {
                DatabaseProvider.Sqlite => new ProviderContextFactory<SqliteFlipFlowDbContext>(provider),
                DatabaseProvider.PostgreSql => new ProviderContextFactory<PostgreSqlFlipFlowDbContext>(provider),
                DatabaseProvider.SqlServer => new ProviderContextFactory<SqlServerFlipFlowDbContext>(provider),
                var unknown => throw new ArgumentOutOfRangeException(nameof(services), unknown, "Unknown database provider."),
            });
        services.AddSingleton<DatabaseWriteGate>();
        services.AddScoped<FlipFlowDbContext>(provider => provider.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>().CreateDbContext());
        return services;
    }

    private static void AddContextFactory<TContext>(this IServiceCollection services) where TContext : FlipFlowDbContext =>
        services.AddDbContextFactory<TContext>((provider, options) =>
        {
            var settings = provider.GetRequiredService<DatabaseSettings>();
            Configure(options, settings.Provider, settings.ConnectionString);
        });

    /// <summary>The one place that says how each provider is set up, for the app and for dotnet-ef alike.</summary>
    public static void Configure(DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString)
    {
        _ = provider switch
        {
            DatabaseProvider.Sqlite => options.UseSqlite(connectionString).AddInterceptors(SqliteConnectionSetup.Instance),
            DatabaseProvider.PostgreSql => options.UseNpgsql(connectionString),
            DatabaseProvider.SqlServer => options.UseSqlServer(connectionString, sql => sql.EnableRetryOnFailure()),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider."),
        };
    }

    private sealed class ProviderContextFactory<TContext>(IServiceProvider services) : IDbContextFactory<FlipFlowDbContext>
        where TContext : FlipFlowDbContext
    {
        private readonly IDbContextFactory<TContext> inner = services.GetRequiredService<IDbContextFactory<TContext>>();

        public FlipFlowDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
