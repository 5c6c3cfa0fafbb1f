using FlipFlow.Infrastructure.Catalog;
using System.CommandLine;
using FlipFlow.Domain.Users;
using FlipFlow.Infrastructure.Users;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Listings;
using FlipFlow.Infrastructure.Inventory;
using FlipFlow.Infrastructure.Market.Demo;
using FlipFlow.Web.Hosting;

namespace FlipFlow.Web.Cli;

/// <summary><c>db migrate [--to name]</c>, <c>db seed [--demo]</c>, <c>db info [--json]</c>.</summary>
public static class DbVerbs
{
    public static Command Create(CliContext context)
    {
        var to = new Option<string?>("--to") { Description = "Migrate up or down to this migration (name or id); '0' reverts them all." };
        var migrate = new Command("migrate", "Apply pending migrations, or go to the one named by --to.") { to };
        migrate.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = context.BuildHost();
            var outcome = await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(parsed.GetValue(to), cancellationToken);
            foreach (var id in outcome.Applied)
            {
                context.Output.WriteLine($"Applied  {id}");
            }
            foreach (var id in outcome.Reverted)
            {
                context.Output.WriteLine($"Reverted {id}");
            }
            var status = await host.Services.GetRequiredService<DatabaseMigrator>().GetStatusAsync(cancellationToken);
            context.Output.WriteLine($"{status.Provider} database at {status.Location}: {status.AppliedMigrations.Count} applied, {status.PendingMigrations.Count} pending.");
            return FlipFlowCli.Ok;
        });

        var demo = new Option<bool>("--demo")
        {
            Description = "Also create demo data: an Operator and a Viewer account and, in a database without listings, about 2,000 Demo listings with 120 days of history, and 120 days of the demo market.",
        };
        var seed = new Command("seed", "Create the first Admin in a database without users and add the card catalogue's missing printings; with --demo, demo data too.") { demo };
        seed.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = await context.BuildMigratedHostAsync();
            if (await host.Services.GetRequiredService<AccountBootstrapper>().EnsureFirstAdminAsync(cancellationToken) is { } admin)
            {
                StartupBanner.WriteFirstAdmin(context.Output, admin);
            }
            else
            {
                context.Output.WriteLine("Users exist already, so no first Admin was created.");
            }
            var printings = await host.Services.GetRequiredService<CardCatalog>().SeedAsync(cancellationToken);
            context.Output.WriteLine(printings == 0 ? "The card catalogue is complete." : $"Card catalogue: {printings} printings added.");
            if (parsed.GetValue(demo))
            {
                var created = await host.Services.GetRequiredService<DemoAccounts>().EnsureAsync(cancellationToken);
                context.Output.WriteLine(created.Count == 0 ? "Demo accounts exist already." : "Demo accounts:");
                foreach (var issued in created)
                {
                    StartupBanner.WriteIssued(context.Output, issued);
                }
                var history = await host.Services.GetRequiredService<DemoHistory>().SeedAsync(cancellationToken: cancellationToken);
                context.Output.WriteLine(history is null
                    ? "Listings exist already, so no demo listings were created."
                    : $"Demo listings: {history.Listings} ({history.Active} active) with {history.Days} days of history: {history.Snapshots} daily snapshots, {history.Sales} sales.\n" +
                      $"Zombie scan: {history.Zombies}.");
                var market = await host.Services.GetRequiredService<DemoMarketHistory>().SeedAsync(cancellationToken: cancellationToken);
                context.Output.WriteLine(market is null
                    ? "The demo market has listings already, or the card catalogue is empty, so no demo market was created."
                    : $"Demo market: {market.Listings} listings over {market.Days} days ({market.Active} active, {market.Sold} sold, {market.Ended} ended), {market.PriceChanges} price changes.");
                var inventory = await host.Services.GetRequiredService<DemoInventory>().SeedAsync(cancellationToken: cancellationToken);
                context.Output.WriteLine(inventory is null
                    ? "Inventory exists already, or the demo market has no listings, so no demo inventory was created."
                    : $"Demo inventory: {inventory.Items} items held by the demo market's {DemoInventory.Sellers} busiest sellers, {inventory.Snapshots} snapshot rows over {inventory.Days} days.");
            }
            return FlipFlowCli.Ok;
        });

        var json = new Option<bool>("--json") { Description = "Write JSON for scripts." };
        var info = new Command("info", "Show the database provider, its location and its migrations.") { json };
        info.SetAction(async (parsed, cancellationToken) =>
        {
            using var host = context.BuildHost();
            var status = await host.Services.GetRequiredService<DatabaseMigrator>().GetStatusAsync(cancellationToken);
            var settings = host.Services.GetRequiredService<DatabaseSettings>();
            var report = new DatabaseInfo(status.Provider, status.Location, settings.DataFolder, status.Reachable, status.Error,
                status.AppliedMigrations, status.PendingMigrations);
            if (parsed.GetValue(json))
            {
                context.WriteJson(report);
            }
            else
            {
                context.Output.WriteLine($"Provider:    {report.Provider}");
                context.Output.WriteLine($"Location:    {report.Location}");
                context.Output.WriteLine($"Data folder: {report.DataFolder}");
                context.Output.WriteLine($"Reachable:   {(report.Reachable ? "yes" : $"no ({report.Error})")}");
                context.Output.WriteLine($"Applied:     {(report.AppliedMigrations.Count == 0 ? "none" : string.Join(", ", report.AppliedMigrations))}");
                context.Output.WriteLine($"Pending:     {(report.PendingMigrations.Count == 0 ? "none" : string.Join(", ", report.PendingMigrations))}");
            }
            // A SQLite file that does not exist yet is news, not a failure; a server that does not answer is.
            var notCreatedYet = status.Provider == DatabaseProvider.Sqlite && !File.Exists(status.Location);
            return status.Reachable || notCreatedYet ? FlipFlowCli.Ok : FlipFlowCli.Failed;
        });

        return new Command("db", "Create, migrate, seed and inspect the database.") { migrate, seed, info };
    }

    /// <summary>The JSON shape of <c>db info --json</c>; scripts rely on it, so only add to it.</summary>
    public sealed record DatabaseInfo(
        DatabaseProvider Provider,
        string Location,
        string DataFolder,
        bool Reachable,
        string? Error,
        IReadOnlyList<string> AppliedMigrations,
        IReadOnlyList<string> PendingMigrations);
}
