using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Marketplaces.Demo;
using FlipFlow.Infrastructure.Offers;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using FlipFlow.Domain.Products;

namespace FlipFlow.Tests.Offers;

/// <summary>
/// <see cref="ListingOffers"/> on a real database. eBay's sender is replaced by a scripted one that records what it is
/// asked and fails when told; Demo's is the real one. Offers:FloorPercent is 85.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ListingOffersTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 6, 5, 0, TimeSpan.Zero);
    private readonly ManualClock clock = new(Start);
    private readonly ScriptedOfferSender ebay = new();
    private TestDatabase database = default!;
    private IHost host = default!;
    private int products;

    private ListingOffers Offers => host.Services.GetRequiredService<ListingOffers>();

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        host = TestHost.Build(database, clock, services => services.AddSingleton<IOfferSender>(ebay), new Dictionary<string, string?>
        {
            ["Offers:FloorPercent"] = "85",
            ["Offers:DiscountPercent"] = "20",
            ["Offers:MinWatchers"] = "3",
            ["Offers:GapDays"] = "7",
            ["Marketplaces:Demo:Market:Seed"] = "7",
        });
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await database.DisposeAsync();
    }

    private Task<T> QueryAsync<T>(Func<FlipFlowDbContext, Task<T>> query) => host.Services.QueryAsync(query);

    /// <summary>A live eBay listing at 10.00 USD with 5 watchers, unless changed.</summary>
    private Task<long> ListAsync(Action<Listing>? change = null)
    {
        var number = ++products;
        var listing = new Listing
        {
            Product = new Product { Sku = $"OFFER-{number:D4}", Title = $"Card {number}", Price = 10m, Quantity = 1, CreatedAt = Start, UpdatedAt = Start },
            Marketplace = Marketplace.Ebay,
            RemoteId = $"11000000{number:D4}",
            Status = ListingStatus.Active,
            Price = 10m,
            Currency = "USD",
            Quantity = 1,
            ListedAt = Start.AddDays(-40),
            Watchers = 5,
            CreatedAt = Start,
            UpdatedAt = Start,
        };
        change?.Invoke(listing);
        return QueryAsync(async db =>
        {
            db.Listings.Add(listing);
            await db.SaveChangesAsync();
            return listing.Id;
        });
    }

    private Task<List<ListingOffer>> RecordedAsync() =>
        QueryAsync(db => db.ListingOffers.AsNoTracking().OrderBy(offer => offer.Id).ToListAsync());

    [Fact]
    public async Task An_offer_never_goes_under_the_floor()
    {
        var listing = await ListAsync();

        // 20 % off 10.00 is 8.00, under the configured 85 % floor: the offer is 8.50.
        var floored = await Offers.SendAsync(listing, 20m, null, "op@flipflow.local");
        // A small discount stays above the floor and is rounded to cents: 10.00 less 3.333 % is 9.67.
        var small = await Offers.SendAsync(listing, 3.333m, null, "op@flipflow.local");
        // An explicit floor above the configured one wins.
        var explicitFloor = await Offers.SendAsync(listing, 20m, 9.10m, "op@flipflow.local");

        Assert.Equal((OfferStatus.Sent, 8.50m, 20m), (floored.Status, floored.Price, floored.DiscountPercent));
        Assert.Equal(9.67m, small.Price);
        Assert.Equal(9.10m, explicitFloor.Price);
        Assert.Equal([8.50m, 9.67m, 9.10m], ebay.Sent.Select(sent => sent.Price));
        Assert.All(ebay.Sent, sent => Assert.Equal(("11000000" + "0001", "USD"), (sent.RemoteId, sent.Currency)));
        Assert.Equal(3, (await RecordedAsync()).Count(offer => offer.Status == OfferStatus.Sent && offer.SentBy == "op@flipflow.local"));
        Assert.Equal(8.50m, ListingOffers.PriceOf(10m, 20m, 85m, null));
        Assert.Equal(8.51m, ListingOffers.PriceOf(10.01m, 20m, 85m, null));
    }

    [Fact]
    public async Task A_floor_that_leaves_no_discount_is_refused_and_nothing_is_sent()
    {
        var listing = await ListAsync();

        var refused = await Assert.ThrowsAsync<OfferRefusedException>(() => Offers.SendAsync(listing, 20m, 10m, "op@flipflow.local"));

        Assert.Contains("leaves no discount", refused.Message);
        Assert.Empty(ebay.Sent);
        Assert.Empty(await RecordedAsync());
    }

    [Fact]
    public async Task The_job_waits_the_gap_before_offering_a_listing_again()
    {
        var listing = await ListAsync();

        var first = await Offers.SendDueAsync();
        clock.Advance(TimeSpan.FromHours(1));
        var withinTheHour = await Offers.SendDueAsync();
        clock.Advance(TimeSpan.FromDays(6));
        var withinTheGap = await Offers.SendDueAsync();
        clock.Advance(TimeSpan.FromDays(1));
        var afterTheGap = await Offers.SendDueAsync();

        Assert.Equal((1, 1), (first.Due, first.Sent));
        Assert.Equal((0, 0), (withinTheHour.Due, withinTheHour.Sent));
        Assert.Equal((0, 0), (withinTheGap.Due, withinTheGap.Sent));
        Assert.Equal((1, 1), (afterTheGap.Due, afterTheGap.Sent));
        var recorded = await RecordedAsync();
        Assert.Equal(2, recorded.Count);
        Assert.All(recorded, offer => Assert.Equal((listing, 8.50m, 20m, ListingOffers.JobSender), (offer.ListingId, offer.Price, offer.DiscountPercent, offer.SentBy)));
        Assert.Equal(Start.AddDays(7).AddHours(1), recorded[1].SentAt);
    }

    [Fact]
    public async Task The_job_offers_only_live_listings_with_enough_watchers_on_marketplaces_that_send_offers()
    {
        var enough = await ListAsync(listing => listing.Watchers = 3);
        await ListAsync(listing => listing.Watchers = 2);
        await ListAsync(listing => listing.Watchers = null);
        await ListAsync(listing => (listing.Status, listing.EndedAt) = (ListingStatus.Ended, Start.AddDays(-1)));
        await ListAsync(listing => listing.Marketplace = Marketplace.Etsy);

        var report = await Offers.SendDueAsync();

        Assert.Equal((1, 1, 0, 0), (report.Due, report.Sent, report.Failed, report.Refused));
        Assert.Equal([enough], (await RecordedAsync()).Select(offer => offer.ListingId));
    }

    [Fact]
    public async Task A_marketplace_failure_is_recorded_as_Failed_with_its_message_and_tried_again_the_next_day()
    {
        var listing = await ListAsync();
        ebay.Failure = "eBay answered 400: This listing has no interested buyers. (eBay error 150020)";

        var manual = await Offers.SendAsync(listing, 10m, null, "op@flipflow.local");
        var job = await Offers.SendDueAsync();
        ebay.Failure = null;
        clock.Advance(TimeSpan.FromHours(25));
        var nextDay = await Offers.SendDueAsync();

        Assert.Equal((OfferStatus.Failed, ebay.FailureSeen), (manual.Status, manual.Error));
        Assert.Equal((0, 0), (job.Due, job.Failed));
        Assert.Equal((1, 1), (nextDay.Due, nextDay.Sent));
        var recorded = await RecordedAsync();
        Assert.Equal([OfferStatus.Failed, OfferStatus.Sent], recorded.Select(offer => offer.Status));
        Assert.Equal("eBay answered 400: This listing has no interested buyers. (eBay error 150020)", recorded[0].Error);
        var shown = await Offers.ForListingAsync(listing);
        Assert.Equal([OfferStatus.Sent, OfferStatus.Failed], shown.Select(offer => offer.Status));
        Assert.Equal(("OFFER-0001", "Card 1", Marketplace.Ebay), (shown[0].Sku, shown[0].Title, shown[0].Marketplace));
        Assert.Equal(shown.Select(offer => offer.Id), (await Offers.RecentAsync(10)).Select(offer => offer.Id));
    }

    [Fact]
    public async Task Listings_that_cannot_get_an_offer_are_refused_with_the_reason()
    {
        var etsy = await ListAsync(listing => listing.Marketplace = Marketplace.Etsy);
        var ended = await ListAsync(listing => listing.Status = ListingStatus.Ended);
        var unwatched = await ListAsync(listing => listing.Watchers = 0);

        var onEtsy = await Assert.ThrowsAsync<OfferRefusedException>(() => Offers.SendAsync(etsy, 10m, null, "op@flipflow.local"));
        var notLive = await Assert.ThrowsAsync<OfferRefusedException>(() => Offers.SendAsync(ended, 10m, null, "op@flipflow.local"));
        var noWatchers = await Assert.ThrowsAsync<OfferRefusedException>(() => Offers.SendAsync(unwatched, 10m, null, "op@flipflow.local"));

        Assert.StartsWith("Etsy cannot send offers to watchers", onEtsy.Message);
        Assert.Contains("is Ended: offers go only to live listings", notLive.Message);
        Assert.Contains("has no watchers", noWatchers.Message);
        Assert.False(Offers.CanSendOffers(Marketplace.Etsy));
        Assert.Empty(ebay.Sent);
        Assert.Empty(await RecordedAsync());
        await Assert.ThrowsAsync<KeyNotFoundException>(() => Offers.SendAsync(999_999, 10m, null, "op@flipflow.local"));
    }

    [Fact]
    public async Task Demo_takes_offers_for_its_live_listings_and_refuses_its_ended_ones()
    {
        var (live, ended) = await QueryAsync(async db =>
        {
            var liveRemote = new DemoListing { Sku = "OFFER-D1", Title = "Demo card", Price = 10m, Quantity = 3, Status = ListingStatus.Active, Watchers = 4, CreatedAt = Start };
            var endedRemote = new DemoListing { Sku = "OFFER-D2", Title = "Demo card 2", Price = 10m, Quantity = 1, Status = ListingStatus.Ended, Watchers = 4, CreatedAt = Start };
            db.DemoListings.AddRange(liveRemote, endedRemote);
            await db.SaveChangesAsync();
            return (liveRemote.RemoteId, endedRemote.RemoteId);
        });
        var liveListing = await ListAsync(listing => (listing.Marketplace, listing.RemoteId, listing.Watchers) = (Marketplace.Demo, live, 4));
        // FlipFlow has not synced yet: it still thinks the listing is live.
        var endedListing = await ListAsync(listing => (listing.Marketplace, listing.RemoteId, listing.Watchers) = (Marketplace.Demo, ended, 4));

        var sent = await Offers.SendAsync(liveListing, 20m, null, "op@flipflow.local");
        var failed = await Offers.SendAsync(endedListing, 20m, null, "op@flipflow.local");

        Assert.Equal((OfferStatus.Sent, 8.50m, 4), (sent.Status, sent.Price, sent.Watchers));
        Assert.StartsWith("demo-offer-", sent.RemoteId);
        Assert.Equal(OfferStatus.Failed, failed.Status);
        Assert.Contains("offers go only to active listings", failed.Error);
        var remote = await QueryAsync(db => db.DemoListings.AsNoTracking().SingleAsync(listing => listing.Sku == "OFFER-D1"));
        // A watcher may have taken the offer: then one unit sold and the watcher left.
        Assert.Equal(3, remote.Quantity + remote.QuantitySold);
        Assert.Equal(4, remote.Watchers + remote.QuantitySold);
    }

    private sealed class ScriptedOfferSender : IOfferSender
    {
        public List<(string RemoteId, decimal Price, string Currency)> Sent { get; } = [];
        public string? Failure { get; set; }
        public string? FailureSeen { get; private set; }

        public Marketplace Marketplace => Marketplace.Ebay;

        public Task<OfferDelivery> SendOfferToWatchersAsync(string remoteId, decimal price, string currency, string? message, CancellationToken cancellationToken)
        {
            if (Failure is { } failure)
            {
                FailureSeen = failure;
                throw new PermanentMarketplaceException(Marketplace, failure);
            }
            Sent.Add((remoteId, price, currency));
            return Task.FromResult(new OfferDelivery($"5000{Sent.Count}", 2));
        }
    }
}
