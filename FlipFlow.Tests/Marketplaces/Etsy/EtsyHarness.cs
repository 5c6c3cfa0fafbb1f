using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Batches;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Marketplaces;
using FlipFlow.Infrastructure.Marketplaces.Etsy;
using FlipFlow.Infrastructure.Batches;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using FlipFlow.Domain.Products;

namespace FlipFlow.Tests.Marketplaces.Etsy;

/// <summary>
/// FlipFlow over a migrated test database, connected to a <see cref="FakeEtsy"/> through the Marketplaces
/// page's own save (its address as the API address), with no rate limit and quick retries. The fake serves the
/// products' images on 127.0.0.1 too, so the harness lets the guarded fetcher reach private addresses unless a
/// test asks for the default.
/// </summary>
public sealed class EtsyHarness : IAsyncDisposable
{
    public const long TaxonomyId = 1208;
    public const long ShippingProfileId = 303514857;
    public const long ReadinessStateId = 1488822641;
    public const long ReturnPolicyId = 1077889;

    private EtsyHarness(FakeEtsy etsy, TestDatabase database, IHost host)
    {
        Etsy = etsy;
        Database = database;
        Host = host;
    }

    public FakeEtsy Etsy { get; }
    public TestDatabase Database { get; }
    public IHost Host { get; }

    public EtsyClient Client => Host.Services.GetRequiredService<EtsyClient>();
    public MarketplaceConnections Connections => Host.Services.GetRequiredService<MarketplaceConnections>();
    public MarketplaceBatches Batches => Host.Services.GetRequiredService<MarketplaceBatches>();

    public static async Task<EtsyHarness> StartAsync(bool allowPrivateAddresses = true)
    {
        var etsy = await FakeEtsy.StartAsync();
        var database = await TestDatabase.CreateAsync();
        var host = TestHost.Build(database, settings: new Dictionary<string, string?>
        {
            ["Marketplaces:Etsy:RequestsPerSecond"] = "0",
            ["Orchestration:RetryInitialSeconds"] = "0.01",
            ["Orchestration:RetryMaxSeconds"] = "0.05",
            ["Fetching:AllowPrivateAddresses"] = allowPrivateAddresses ? "true" : "false",
        });
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        await host.Services.GetRequiredService<MarketplaceConnections>().SaveAsync(Marketplace.Etsy, new Dictionary<string, string?>
        {
            [EtsyClient.Fields.ClientId] = FakeEtsy.Keystring,
            [EtsyClient.Fields.SharedSecret] = FakeEtsy.SharedSecret,
            [EtsyClient.Fields.RefreshToken] = FakeEtsy.FirstRefreshToken,
            [EtsyClient.Fields.ShopId] = FakeEtsy.ShopId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [EtsyClient.Fields.ApiBaseUrl] = etsy.BaseAddress,
            [EtsyClient.Fields.TaxonomyId] = TaxonomyId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [EtsyClient.Fields.ShippingProfileId] = ShippingProfileId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [EtsyClient.Fields.ReadinessStateId] = ReadinessStateId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [EtsyClient.Fields.ReturnPolicyId] = ReturnPolicyId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, "tests");
        return new EtsyHarness(etsy, database, host);
    }

    public async ValueTask DisposeAsync()
    {
        Host.Dispose();
        await Etsy.DisposeAsync();
        await Database.DisposeAsync();
    }

    public Task<T> QueryAsync<T>(Func<FlipFlowDbContext, Task<T>> query) => Host.Services.QueryAsync(query);

    public Task<Product> AddProductAsync(string sku, string title, decimal price, int quantity, params string[] images) =>
        QueryAsync(async db =>
        {
            var product = new Product
            {
                Sku = sku,
                Title = title,
                Description = $"{title}, as pictured.",
                Price = price,
                Currency = "USD",
                Quantity = quantity,
                Images = [.. images],
            };
            db.Products.Add(product);
            await db.SaveChangesAsync();
            return product;
        });

    /// <summary>FlipFlow's record of a listing already on Etsy.</summary>
    public Task<Listing> AddListingAsync(Product product, long remoteId, ListingStatus status) =>
        QueryAsync(async db =>
        {
            var listing = new Listing
            {
                ProductId = product.Id,
                Marketplace = Marketplace.Etsy,
                RemoteId = remoteId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Status = status,
                Price = product.Price,
                Currency = product.Currency,
                Quantity = product.Quantity,
            };
            db.Listings.Add(listing);
            await db.SaveChangesAsync();
            return listing;
        });

    /// <summary>Creates a batch of one job and runs it to its end through the dispatcher and the job runner.</summary>
    public async Task<MarketplaceJob> RunAsync(MarketplaceOperation operation, long? productId = null, long? listingId = null)
    {
        var batch = await Batches.CreateAsync($"{operation} on Etsy", "tests",
            [new JobRequest(operation, Marketplace.Etsy, ProductId: productId, ListingId: listingId)]);
        await Host.Services.GetRequiredService<MarketplaceDispatcher>().DrainAsync(null, CancellationToken.None);
        return await QueryAsync(db => db.MarketplaceJobs.AsNoTracking()
            .Include(job => job.Tasks.OrderBy(task => task.Order))
            .SingleAsync(job => job.BatchId == batch.Id));
    }
}
