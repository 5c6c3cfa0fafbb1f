using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Market;
using FlipFlow.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlipFlow.Tests.Market;

/// <summary><see cref="MarketListingUpserter"/> on a real database, with a few catalogue cards written by the test.</summary>
[Trait("Category", "Integration")]
public sealed class MarketListingUpserterTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private TestDatabase database = default!;
    private IHost host = default!;
    private IReadOnlyList<Card> cards = [];

    private MarketListingUpserter Upserter => host.Services.GetRequiredService<MarketListingUpserter>();

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        host = TestHost.Build(database, new ManualClock(Start));
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        cards = await MarketTestCards.SaveAsync(host.Services, 5);
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await database.DisposeAsync();
    }

    private Task<T> QueryAsync<T>(Func<FlipFlowDbContext, Task<T>> query) => host.Services.QueryAsync(query);

    private static ObservedListing Seen(string id, decimal price = 10m, MarketListingStatus status = MarketListingStatus.Active,
        string? title = null, MarketPlatform platform = MarketPlatform.Ebay, DateTimeOffset? soldAt = null) =>
        new(platform, id, $"https://example.test/{id}", title ?? $"Listing {id}", MarketListingFormat.FixedPrice, status, price, "USD", 1.5m, 1,
            soldAt, "seller  99.8% positive (1.2K)");

    private Task<MarketUpsertResult> UpsertAsync(IReadOnlyList<ObservedListing> listings, DateTimeOffset at, bool listsActives = true,
        MarketSourceKind source = MarketSourceKind.Demo) =>
        Upserter.UpsertAsync(source, listsActives, listings, cards, at);

    [Fact]
    public async Task Upserting_the_same_read_twice_adds_no_duplicate_and_no_event()
    {
        ObservedListing[] read = [Seen("1"), Seen("2", 20m), Seen("2", 20m, platform: MarketPlatform.ShootStrayt)];

        var first = await UpsertAsync(read, Start);
        var second = await UpsertAsync(read, Start.AddHours(6));

        Assert.Equal(new MarketUpsertResult(3, 3, 0, 0, 0, 0), first);
        Assert.Equal(new MarketUpsertResult(3, 0, 3, 0, 0, 0), second);
        Assert.Equal(3, await QueryAsync(db => db.MarketListings.CountAsync()));
        Assert.Equal(0, await QueryAsync(db => db.MarketListingEvents.CountAsync()));
        var listing = await QueryAsync(db => db.MarketListings.SingleAsync(row => row.ExternalId == "1"));
        Assert.Equal((Start, Start.AddHours(6)), (listing.FirstSeenAt, listing.LastSeenAt));
        Assert.Equal(("USD", 1.5m, "seller  99.8% positive (1.2K)", MarketSourceKind.Demo), (listing.Currency, listing.Shipping, listing.SellerText, listing.Source));
    }

    [Fact]
    public async Task A_listing_returned_twice_in_one_read_is_saved_once_as_last_returned()
    {
        var result = await UpsertAsync([Seen("1", 10m), Seen("1", 12m)], Start);

        Assert.Equal(1, result.Created);
        Assert.Equal(12m, await QueryAsync(db => db.MarketListings.Select(row => row.Price).SingleAsync()));
    }

    [Fact]
    public async Task A_changed_price_leaves_exactly_one_PriceChanged_event_however_often_it_is_seen_again()
    {
        await UpsertAsync([Seen("1", 10m)], Start);

        var changed = await UpsertAsync([Seen("1", 8.5m)], Start.AddHours(6));
        await UpsertAsync([Seen("1", 8.5m)], Start.AddHours(12));
        await UpsertAsync([Seen("1", 8.5m)], Start.AddHours(18));

        Assert.Equal(1, changed.PriceChanges);
        var change = await QueryAsync(db => db.MarketListingEvents.SingleAsync());
        Assert.Equal((MarketListingEventKind.PriceChanged, "10.00", "8.50", Start.AddHours(6)), (change.Kind, change.OldValue, change.NewValue, change.At));
        Assert.Equal(8.5m, await QueryAsync(db => db.MarketListings.Select(row => row.Price).SingleAsync()));
    }

    [Fact]
    public async Task A_listing_that_sells_gets_a_Sold_event_and_its_sale_time()
    {
        await UpsertAsync([Seen("1", 10m)], Start);
        var soldAt = Start.AddHours(3);

        var result = await UpsertAsync([Seen("1", 10m, MarketListingStatus.Sold, soldAt: soldAt)], Start.AddHours(6));
        await UpsertAsync([Seen("1", 10m, MarketListingStatus.Sold, soldAt: soldAt)], Start.AddHours(12));

        Assert.Equal(1, result.Sold);
        var change = await QueryAsync(db => db.MarketListingEvents.SingleAsync());
        Assert.Equal((MarketListingEventKind.Sold, "Active", "Sold", soldAt), (change.Kind, change.OldValue, change.NewValue, change.At));
        var listing = await QueryAsync(db => db.MarketListings.SingleAsync());
        Assert.Equal((MarketListingStatus.Sold, soldAt), (listing.Status, listing.SoldAt));
    }

    [Fact]
    public async Task The_actives_a_source_that_lists_actives_did_not_return_are_ended_once()
    {
        await UpsertAsync([Seen("1"), Seen("2"), Seen("3", status: MarketListingStatus.Sold, soldAt: Start)], Start);
        await UpsertAsync([Seen("9")], Start, source: MarketSourceKind.EbayBrowse);

        var result = await UpsertAsync([Seen("1")], Start.AddHours(6));
        var again = await UpsertAsync([Seen("1")], Start.AddHours(12));

        Assert.Equal((1, 0), (result.Ended, again.Ended));
        var statuses = await QueryAsync(db => db.MarketListings.OrderBy(row => row.ExternalId).Select(row => row.Status).ToListAsync());
        // "3" was sold, not active; "9" came from another source.
        Assert.Equal([MarketListingStatus.Active, MarketListingStatus.Ended, MarketListingStatus.Sold, MarketListingStatus.Active], statuses);
        var ended = await QueryAsync(db => db.MarketListingEvents.SingleAsync());
        Assert.Equal((MarketListingEventKind.Ended, Start.AddHours(6)), (ended.Kind, ended.At));
    }

    [Fact]
    public async Task A_source_that_does_not_list_every_active_ends_nothing()
    {
        await UpsertAsync([Seen("1"), Seen("2")], Start, listsActives: false, source: MarketSourceKind.EbayInsights);

        var result = await UpsertAsync([Seen("1")], Start.AddHours(6), listsActives: false, source: MarketSourceKind.EbayInsights);

        Assert.Equal(0, result.Ended);
        Assert.Equal(2, await QueryAsync(db => db.MarketListings.CountAsync(row => row.Status == MarketListingStatus.Active)));
    }

    [Fact]
    public async Task The_title_is_read_on_create_and_again_when_it_changes()
    {
        await UpsertAsync([Seen("1", title: "A plain title")], Start);
        Assert.Null(await QueryAsync(db => db.MarketListings.Select(row => row.CardId).SingleAsync()));

        await UpsertAsync([Seen("1", title: $"Wonders of the First {cards[2].Name} Classic Foil")], Start.AddHours(6));

        var listing = await QueryAsync(db => db.MarketListings.SingleAsync());
        Assert.Equal(cards[2].Id, listing.CardId);
        Assert.Equal($"Wonders of the First {cards[2].Name} Classic Foil", listing.Title);
    }

    [Fact]
    public async Task More_listings_than_a_batch_are_all_saved_and_all_found_again()
    {
        var read = Enumerable.Range(0, MarketListingUpserter.BatchSize * 2 + 345).Select(index => Seen($"bulk-{index}", 1m + index % 50)).ToList();

        var first = await UpsertAsync(read, Start);
        var second = await UpsertAsync([.. read.Select(listing => listing with { Price = listing.Price + 1 })], Start.AddHours(6));

        Assert.Equal((read.Count, read.Count), (first.Created, second.Updated));
        Assert.Equal((0, read.Count), (second.Created, second.PriceChanges));
        Assert.Equal(read.Count, await QueryAsync(db => db.MarketListings.CountAsync()));
        Assert.Equal(read.Count, await QueryAsync(db => db.MarketListingEvents.CountAsync(change => change.Kind == MarketListingEventKind.PriceChanged)));
    }
}
