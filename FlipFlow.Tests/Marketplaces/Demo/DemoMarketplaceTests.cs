using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Batches;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Listings;
using FlipFlow.Infrastructure.Marketplaces.Demo;
using FlipFlow.Infrastructure.Batches;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using FlipFlow.Infrastructure.Products;

namespace FlipFlow.Tests.Marketplaces.Demo;

[Trait("Category", "Integration")]
public sealed class DemoMarketplaceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly ManualClock clock = new(Start);
    private TestDatabase database = default!;
    private IHost host = default!;

    private MarketplaceBatches Batches => host.Services.GetRequiredService<MarketplaceBatches>();

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        host = TestHost.Build(database, clock, settings: new Dictionary<string, string?>
        {
            ["Marketplaces:Demo:Market:FailureRate"] = "0",
            ["Marketplaces:Demo:Market:Seed"] = "11",
            ["Marketplaces:Demo:RequestsPerSecond"] = "0",
        });
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await database.DisposeAsync();
    }

    private Task<T> QueryAsync<T>(Func<FlipFlowDbContext, Task<T>> query) => host.Services.QueryAsync(query);

    private async Task<BatchJob> RunAsync(string title, params JobRequest[] requests)
    {
        var batch = await Batches.CreateAsync(title, "tests", requests);
        await host.Services.GetRequiredService<MarketplaceDispatcher>().DrainAsync(null, CancellationToken.None);
        return await Batches.GetAsync(batch.Id);
    }

    private async Task<Listing> PublishOneAsync()
    {
        await host.Services.GetRequiredService<DemoProducts>().ImportAsync(1);
        var product = await QueryAsync(db => db.Products.SingleAsync());
        var batch = await RunAsync("publish", new JobRequest(MarketplaceOperation.Publish, Marketplace.Demo, ProductId: product.Id));
        Assert.Equal(BatchStatus.Completed, batch.Status);
        return await QueryAsync(db => db.Listings.SingleAsync());
    }

    [Fact]
    public async Task Relist_ends_the_old_listing_and_links_a_new_live_one_to_it()
    {
        var old = await PublishOneAsync();

        var batch = await RunAsync("relist", new JobRequest(MarketplaceOperation.Relist, Marketplace.Demo, ListingId: old.Id));

        Assert.Equal(BatchStatus.Completed, batch.Status);
        var listings = await QueryAsync(db => db.Listings.AsNoTracking().OrderBy(listing => listing.Id).ToListAsync());
        Assert.Equal(2, listings.Count);
        Assert.Equal((ListingStatus.Ended, (long?)null), (listings[0].Status, listings[0].ReplacesListingId));
        Assert.Equal((ListingStatus.Active, (long?)old.Id), (listings[1].Status, listings[1].ReplacesListingId));
        Assert.NotEqual(listings[0].RemoteId, listings[1].RemoteId);
        var remote = await QueryAsync(db => db.DemoListings.AsNoTracking().OrderBy(listing => listing.Id).ToListAsync());
        Assert.Equal([ListingStatus.Ended, ListingStatus.Active], remote.Select(listing => listing.Status));
    }

    [Fact]
    public async Task Ending_twice_ends_once_and_the_second_end_says_so()
    {
        var listing = await PublishOneAsync();
        await RunAsync("end", new JobRequest(MarketplaceOperation.End, Marketplace.Demo, ListingId: listing.Id));
        var endedAt = (await QueryAsync(db => db.DemoListings.SingleAsync())).EndedAt;
        clock.Advance(TimeSpan.FromHours(1));

        var again = await RunAsync("end again", new JobRequest(MarketplaceOperation.End, Marketplace.Demo, ListingId: listing.Id));

        Assert.Equal(BatchStatus.Completed, again.Status);
        Assert.Equal(endedAt, (await QueryAsync(db => db.DemoListings.SingleAsync())).EndedAt);
        var end = await QueryAsync(db => db.MarketplaceTasks.Where(task => task.Step == StepType.EndListing).OrderBy(task => task.Id).Select(task => task.Result).ToListAsync());
        Assert.Equal($"{listing.RemoteId} ended", end[0]);
        Assert.Equal($"{listing.RemoteId} already ended", end[1]);
        Assert.Equal(ListingStatus.Ended, (await QueryAsync(db => db.Listings.SingleAsync())).Status);
    }

    [Fact]
    public async Task Updating_an_ended_listing_fails_with_the_marketplace_message()
    {
        var listing = await PublishOneAsync();
        await RunAsync("end", new JobRequest(MarketplaceOperation.End, Marketplace.Demo, ListingId: listing.Id));

        var update = await RunAsync("update", new JobRequest(MarketplaceOperation.Update, Marketplace.Demo, ListingId: listing.Id));

        Assert.Equal(BatchStatus.Failed, update.Status);
        var job = await QueryAsync(db => db.MarketplaceJobs.Where(job => job.Operation == MarketplaceOperation.Update).SingleAsync());
        Assert.Equal($"UpdateListing: Demo answered 409: listing {listing.RemoteId} is Ended, only active listings can be revised.", job.Error);
    }

    [Fact]
    public async Task The_market_grows_views_and_watchers_and_sells_cheap_new_listings_more_than_dear_old_ones()
    {
        await host.Services.GetRequiredService<DemoProducts>().ImportAsync(400);
        await using (var db = await host.Services.GetRequiredService<IDbContextFactory<FlipFlowDbContext>>().CreateDbContextAsync())
        {
            var products = await db.Products.OrderBy(product => product.Id).ToListAsync();
            db.DemoListings.AddRange(products.Select((product, index) => new DemoListing
            {
                Sku = product.Sku,
                Title = product.Title,
                // Half cheap and new, half dear and four months old.
                Price = index % 2 == 0 ? 2m : 400m,
                Quantity = 100,
                Status = ListingStatus.Active,
                CreatedAt = index % 2 == 0 ? Start : Start.AddDays(-120),
                ActivityUntil = Start,
            }));
            await db.SaveChangesAsync();
        }
        var activity = host.Services.GetRequiredService<DemoMarketActivity>();

        clock.Advance(TimeSpan.FromDays(7));
        var week = await activity.AdvanceAsync();
        var again = await activity.AdvanceAsync();

        Assert.Equal(400, week.Listings);
        Assert.True(week.Views > 0 && week.Impressions > week.Views && week.Sales > 0, week.ToString());
        Assert.Equal(0, again.Listings);
        var listings = await QueryAsync(db => db.DemoListings.AsNoTracking().ToListAsync());
        var cheap = listings.Where(listing => listing.Price == 2m).ToList();
        var dear = listings.Where(listing => listing.Price == 400m).ToList();
        Assert.True(cheap.Sum(listing => listing.QuantitySold) > dear.Sum(listing => listing.QuantitySold) * 2,
            $"cheap new sold {cheap.Sum(listing => listing.QuantitySold)}, dear old {dear.Sum(listing => listing.QuantitySold)}");
        Assert.True(cheap.Sum(listing => listing.Views) > dear.Sum(listing => listing.Views));
        Assert.All(listings, listing => Assert.Equal(clock.GetUtcNow(), listing.ActivityUntil));
    }
}
