using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Tests.Support;
using FlipFlow.Web.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Tests.Cli;

/// <summary>The <c>zombies</c> verbs over the demo history that <c>db seed --demo</c> makes.</summary>
[Trait("Category", "Integration")]
public sealed class ZombieCliTests() : CliTest(migrate: true, ("Marketplaces:Demo:Market:FailureRate", "0.05"), ("Orchestration:RetryInitialSeconds", "0.05"))
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Assert.Contains("Zombie scan: judged", await OkAsync("db", "seed", "--demo"));
    }

    [Fact]
    public async Task Scan_json_lists_zombies_each_with_a_score_a_diagnosis_and_reasons_worst_first()
    {
        var scan = await JsonAsync("zombies", "scan", "--json");

        var zombies = scan.GetProperty("zombies").EnumerateArray().ToList();
        Assert.NotEmpty(zombies);
        Assert.Equal(scan.GetProperty("zombieCount").GetInt32(), zombies.Count);
        Assert.All(zombies, zombie =>
        {
            Assert.InRange(zombie.GetProperty("score").GetInt32(), 0, 100);
            Assert.Contains(zombie.GetProperty("diagnosis").GetString(), new[] { "BarelyShown", "SeenNotClicked", "WatchedNotBought", "OldAndUnsold" });
            Assert.StartsWith("listed ", zombie.GetProperty("reasons").GetString());
            Assert.False(string.IsNullOrEmpty(zombie.GetProperty("sku").GetString()));
        });
        var scores = zombies.Select(zombie => zombie.GetProperty("score").GetInt32()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);

        var (exit, text, _) = await RunAsync("zombies", "scan");
        Assert.Equal(FlipFlowCli.Ok, exit);
        Assert.Contains($"{zombies.Count} zombies", text);
        Assert.Contains(zombies[0].GetProperty("reasons").GetString()!, text);
    }

    [Fact]
    public async Task Resurrect_with_wait_leaves_exactly_one_live_demo_listing_for_the_product_linked_to_the_old_one()
    {
        var zombie = (await JsonAsync("zombies", "scan", "--json")).GetProperty("zombies").EnumerateArray()
            .First(zombie => zombie.GetProperty("marketplace").GetString() == "demo");
        var old = zombie.GetProperty("listingId").GetInt64();

        var batch = await JsonAsync("zombies", "resurrect", old.ToString(), "--wait", "--json");

        Assert.Equal("Completed", batch.GetProperty("status").GetString());
        Assert.Equal(1, batch.GetProperty("totalJobs").GetInt32());
        using var host = TestHost.Build(Database);
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>().CreateDbContextAsync();
        var oldListing = await db.Listings.AsNoTracking().SingleAsync(listing => listing.Id == old);
        Assert.Equal(ListingStatus.Ended, oldListing.Status);
        var live = await db.Listings.AsNoTracking()
            .Where(listing => listing.ProductId == oldListing.ProductId && listing.Marketplace == Marketplace.Demo && listing.Status == ListingStatus.Active)
            .ToListAsync();
        Assert.Equal(old, Assert.Single(live).ReplacesListingId);
        var sku = await db.Products.Where(product => product.Id == oldListing.ProductId).Select(product => product.Sku).SingleAsync();
        Assert.Equal(live[0].RemoteId, Assert.Single(await db.DemoListings.AsNoTracking()
            .Where(listing => listing.Sku == sku && listing.Status == ListingStatus.Active).ToListAsync()).RemoteId);

        var again = await RunAsync("zombies", "resurrect", old.ToString());
        Assert.Equal(FlipFlowCli.Failed, again.Exit);
        Assert.Contains("not live", again.Error);
    }
}
