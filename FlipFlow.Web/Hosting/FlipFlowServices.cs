using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Users;
using FlipFlow.Infrastructure.Analytics;
using FlipFlow.Infrastructure.Dashboard;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Fetching;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Infrastructure.Listings;
using FlipFlow.Infrastructure.Market;
using FlipFlow.Infrastructure.Marketplaces;
using FlipFlow.Infrastructure.Products;
using FlipFlow.Infrastructure.Security;
using FlipFlow.Infrastructure.Security.ApiKeys;
using FlipFlow.Infrastructure.Sellers;
using FlipFlow.Infrastructure.Snapshots;
using FlipFlow.Infrastructure.Zombies;
using FlipFlow.Web.Features.SystemInfo;
using Microsoft.Extensions.Options;

namespace FlipFlow.Web.Hosting;

/// <summary>The services the console and the CLI verbs share: configuration, database, accounts, jobs, clock.</summary>
public static class FlipFlowServices
{
    /// <param name="clock">The clock of the whole app (the run history's included; Hangfire keeps real time); tests pass one they move by hand.</param>
    public static IServiceCollection AddFlipFlowCore(this IServiceCollection services, IConfiguration configuration, TimeProvider? clock = null)
    {
        services.AddOptions<FlipFlowOptions>().Bind(configuration.GetSection(FlipFlowOptions.Section));
        services.AddSingleton(clock ?? TimeProvider.System);
        services.AddFlipFlowDatabase();
        services.AddFlipFlowAccounts();
        services.AddFlipFlowApiKeys();
        services.AddFlipFlowDataProtection(configuration);
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<DatabaseMaintenance>();
        services.AddFlipFlowJobEngine(configuration);
        services.AddFlipFlowProducts();
        services.AddFlipFlowListings();
        services.AddFlipFlowSnapshots();
        services.AddFlipFlowFetching(configuration);
        services.AddFlipFlowMarketplaces(configuration);
        FlipFlow.Infrastructure.Offers.OffersRegistration.AddFlipFlowOffers(services, configuration);
        services.AddFlipFlowDashboard();
        services.AddFlipFlowAnalytics();
        services.AddFlipFlowZombies(configuration);
        services.AddFlipFlowMarket();
        services.AddFlipFlowSellers();
        FlipFlow.Infrastructure.Skus.SkuRegistration.AddFlipFlowSkus(services);
        FlipFlow.Infrastructure.Inventory.InventoryRegistration.AddFlipFlowInventory(services, configuration);
        FlipFlow.Infrastructure.Imports.ImportRegistration.AddFlipFlowImports(services);
        FlipFlow.Infrastructure.Supply.SupplyRegistration.AddFlipFlowSupply(services);
        FlipFlow.Infrastructure.Alerts.AlertsRegistration.AddFlipFlowAlerts(services);
        FlipFlow.Infrastructure.RunLog.RunLogRegistration.AddFlipFlowRunLog(services);
        FlipFlow.Infrastructure.Quality.QualityRegistration.AddFlipFlowQuality(services);
        FlipFlow.Infrastructure.Ingest.IngestRegistration.AddFlipFlowIngest(services, configuration);
        services.AddSingleton<SystemFacts>();
        services.AddSingleton<DemoAccounts>();
        return services;
    }
}
