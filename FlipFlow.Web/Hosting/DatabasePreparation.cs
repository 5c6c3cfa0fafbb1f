using FlipFlow.Infrastructure.Catalog;
using FlipFlow.Infrastructure.Users;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Listings;
using FlipFlow.Infrastructure.Market.Demo;
using Microsoft.Extensions.Options;

namespace FlipFlow.Web.Hosting;

/// <summary>
/// Before the server takes its first request: applies pending migrations, adds the card catalogue's missing printings, makes sure the roles exist and,
/// on a first start, creates the first Admin and prints its password once, and (FlipFlow:DemoData) demo
/// listings with their history and the demo market's last 120 days, so the console has something to show.
/// </summary>
public sealed class DatabasePreparation(
    DatabaseMigrator migrator,
    CardCatalog catalog,
    AccountBootstrapper accounts,
    DemoHistory demo,
    DemoMarketHistory demoMarket,
    FlipFlow.Infrastructure.Inventory.DemoInventory demoInventory,
    IOptions<FlipFlowOptions> options,
    StartupConsole console,
    ILogger<DatabasePreparation> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var outcome = await migrator.MigrateAsync(cancellationToken: cancellationToken);
        logger.LogInformation("Database ready: {Applied} migrations applied now", outcome.Applied.Count);
        if (await catalog.SeedAsync(cancellationToken) is > 0 and var added)
        {
            logger.LogInformation("Card catalogue: {Added} printings added", added);
        }
        if (await accounts.EnsureFirstAdminAsync(cancellationToken) is { } admin)
        {
            StartupBanner.WriteFirstAdmin(console.Writer, admin);
            if (options.Value.DemoData && await demo.SeedAsync(cancellationToken: cancellationToken) is { } seeded)
            {
                logger.LogInformation(
                    "Demo data: {Listings} Demo listings ({Active} active) with {Days} days of history (FlipFlow:DemoData); zombie scan: {Zombies}",
                    seeded.Listings, seeded.Active, seeded.Days, seeded.Zombies);
                if (await demoMarket.SeedAsync(cancellationToken: cancellationToken) is { } market)
                {
                    logger.LogInformation("Demo market: {Listings} listings over {Days} days ({Active} active, {Sold} sold)",
                        market.Listings, market.Days, market.Active, market.Sold);
                    if (await demoInventory.SeedAsync(cancellationToken: cancellationToken) is { } inventory)
                    {
                        logger.LogInformation("Demo inventory: {Items} items, {Snapshots} snapshot rows over {Days} days", inventory.Items, inventory.Snapshots,
                            inventory.Days);
                    }
                }
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
