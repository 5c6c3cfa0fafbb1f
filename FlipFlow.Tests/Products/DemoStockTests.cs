using FlipFlow.Domain.Batches;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Batches;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Listings;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlipFlow.Tests.Products;

/// <summary>The demo data leaves a new user something to publish.</summary>
[Trait("Category", "Integration")]
public sealed class DemoStockTests : IAsyncLifetime
{
    private TestDatabase database = default!;
    private IHost host = default!;

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        host = TestHost.Build(database, settings: new Dictionary<string, string?> { ["Marketplaces:Demo:Market:FailureRate"] = "0" });
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task After_the_demo_seed_unlisted_products_are_in_stock_and_one_publishes_to_Demo()
    {
        Assert.NotNull(await host.Services.GetRequiredService<DemoHistory>().SeedAsync());

        var unlisted = await host.Services.QueryAsync(db => db.Products.AsNoTracking()
            .Where(product => !db.Listings.Any(listing => listing.ProductId == product.Id))
            .Select(product => new { product.Sku, product.Quantity }).ToListAsync());
        Assert.NotEmpty(unlisted);
        Assert.All(unlisted, product => Assert.True(product.Quantity > 0, $"{product.Sku} is not listed and has no stock to publish."));

        var sku = unlisted[0].Sku;
        var created = await host.Services.GetRequiredService<MarketplaceBatches>().PublishAsync(Marketplace.Demo, [sku], "tests");
        Assert.Empty(created.Skipped);
        Assert.Equal(1, created.Batch.TotalJobs);
        await host.Services.GetRequiredService<MarketplaceDispatcher>().DrainAsync(null, CancellationToken.None);

        Assert.Equal(BatchStatus.Completed, (await host.Services.GetRequiredService<MarketplaceBatches>().GetAsync(created.Batch.Id)).Status);
        Assert.True(await host.Services.QueryAsync(db => db.Listings.AnyAsync(listing =>
            listing.Product!.Sku == sku && listing.Marketplace == Marketplace.Demo && listing.Status == ListingStatus.Active)),
            $"{sku} should be live on Demo after its batch.");
    }
}
