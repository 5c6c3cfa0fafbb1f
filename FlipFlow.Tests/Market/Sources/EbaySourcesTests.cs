using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Market.Sources;
using FlipFlow.Infrastructure.Marketplaces;
using FlipFlow.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlipFlow.Tests.Market.Sources;

/// <summary>The eBay Browse and Marketplace Insights sources against a local server playing eBay's Buy APIs.</summary>
[Trait("Category", "Integration")]
public sealed class EbaySourcesTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private static readonly Card Cardinal = new() { Id = 1, Set = "Existence", Number = "12/401", Name = "Cardinal Sentinel", Rarity = "Rare" };
    private static readonly Card Ember = new() { Id = 2, Set = "Existence", Number = "143/401", Name = "Ember Drake", Rarity = "Epic" };

    private readonly ManualClock clock = new(Start);
    private TestDatabase database = default!;
    private FakeEbayBuy fake = default!;
    private IHost host = default!;

    private MarketSourceConnections Connections => host.Services.GetRequiredService<MarketSourceConnections>();

    private IMarketSource Source(MarketSourceKind kind) =>
        host.Services.GetServices<IMarketSource>().Single(source => source.Kind == kind);

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        fake = await FakeEbayBuy.StartAsync();
        host = TestHost.Build(database, clock, services =>
        {
            if (!services.Any(service => service.ServiceType == typeof(MarketSourceConnections)))
            {
                services.AddFlipFlowMarketplaces(new ConfigurationBuilder().Build());
            }
        });
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await fake.DisposeAsync();
        await database.DisposeAsync();
    }

    private Task ConnectAsync(MarketSourceKind kind, string? categories = null) => Connections.SaveAsync(kind, new Dictionary<string, string?>
    {
        [EbayBuySource.Field.ClientId] = FakeEbayBuy.ClientId,
        [EbayBuySource.Field.ClientSecret] = FakeEbayBuy.ClientSecret,
        [EbayBuySource.Field.ApiBaseUrl] = fake.BaseUrl,
        [EbayBuySource.Field.AuthBaseUrl] = fake.BaseUrl,
        [EbayBuySource.Field.CategoryId] = categories,
    }, "admin@example.com");

    [Fact]
    public void Both_eBay_sources_are_registered_as_market_sources()
    {
        var kinds = host.Services.GetServices<IMarketSource>().Select(source => source.Kind).ToList();
        Assert.Contains(MarketSourceKind.EbayBrowse, kinds);
        Assert.Contains(MarketSourceKind.EbayInsights, kinds);
        Assert.True(Source(MarketSourceKind.EbayBrowse).ListsActives);
        Assert.False(Source(MarketSourceKind.EbayInsights).ListsActives);
    }

    [Fact]
    public async Task A_source_is_connected_only_once_an_Admin_saved_its_fields()
    {
        Assert.False(await Source(MarketSourceKind.EbayBrowse).IsConnectedAsync(default));
        await ConnectAsync(MarketSourceKind.EbayBrowse);
        Assert.True(await Source(MarketSourceKind.EbayBrowse).IsConnectedAsync(default));
        Assert.False(await Source(MarketSourceKind.EbayInsights).IsConnectedAsync(default));
        await Connections.DisconnectAsync(MarketSourceKind.EbayBrowse);
        Assert.False(await Source(MarketSourceKind.EbayBrowse).IsConnectedAsync(default));
    }

    [Fact]
    public async Task Browse_reads_each_cards_active_listings_with_price_shipping_format_and_seller()
    {
        fake.Actives.Add(FakeEbayBuy.Summary("v1|110000000001|0", "Wonders of the First Existence Cardinal Sentinel Classic Foil", 12.50m,
            "dadcandoit", 1234, "99.8", ["FIXED_PRICE", "BEST_OFFER"], shipping: 1.25m));
        fake.Actives.Add(FakeEbayBuy.Summary("v1|110000000002|0", "Wonders of the First Cardinal Sentinel PSA 10", 40m,
            "slabking", 87, "100.0", ["AUCTION"], shipping: null, currentBid: 31m));
        fake.Actives.Add(FakeEbayBuy.Summary("v1|110000000003|0", "Wonders of the First Ember Drake Formless Foil", 5m,
            "cardbarn", 56789, "99.5", ["FIXED_PRICE"]));
        fake.Actives.Add(FakeEbayBuy.Summary("v1|110000000004|0", "Pokemon Charizard Base Set", 300m, "other", 5, "100.0", ["FIXED_PRICE"]));
        await ConnectAsync(MarketSourceKind.EbayBrowse);

        var read = await Source(MarketSourceKind.EbayBrowse).ReadAsync([Cardinal, Ember], default);

        Assert.Empty(fake.Violations);
        Assert.Empty(read.Errors);
        Assert.Equal(["v1|110000000001|0", "v1|110000000002|0", "v1|110000000003|0"], read.Listings.Select(listing => listing.ExternalId).Order());
        var foil = read.Listings.Single(listing => listing.ExternalId == "v1|110000000001|0");
        Assert.Equal(MarketPlatform.Ebay, foil.Platform);
        Assert.Equal("Wonders of the First Existence Cardinal Sentinel Classic Foil", foil.Title);
        Assert.Equal("https://www.ebay.com/itm/110000000001", foil.Url);
        Assert.Equal(MarketListingFormat.BestOffer, foil.Format);
        Assert.Equal(MarketListingStatus.Active, foil.Status);
        Assert.Equal(12.50m, foil.Price);
        Assert.Equal("USD", foil.Currency);
        Assert.Equal(1.25m, foil.Shipping);
        Assert.Equal(1, foil.Quantity);
        Assert.Null(foil.SoldAt);
        Assert.Equal("dadcandoit (1234) 99.8%", foil.SellerText);
        var auction = read.Listings.Single(listing => listing.ExternalId == "v1|110000000002|0");
        Assert.Equal(MarketListingFormat.Auction, auction.Format);
        Assert.Equal(31m, auction.Price);
        Assert.Null(auction.Shipping);
        Assert.Equal("slabking (87) 100.0%", auction.SellerText);

        var searches = fake.SearchRequests;
        Assert.Equal(2, searches.Count);
        Assert.All(searches, search =>
        {
            Assert.Equal(FakeEbayBuy.BrowsePath, search.Path);
            Assert.Equal("EBAY_US", search.Header("X-EBAY-C-MARKETPLACE-ID"));
            Assert.Equal("183454", search.Parameter("category_ids"));
            Assert.Equal("200", search.Parameter("limit"));
            Assert.Equal("0", search.Parameter("offset"));
        });
        Assert.Equal(["Wonders of the First Cardinal Sentinel", "Wonders of the First Ember Drake"], searches.Select(search => search.Parameter("q")).Order());
        var token = fake.Requests.Single(request => request.IsToken);
        Assert.Equal(FakeEbayBuy.BrowseScope, EbayRequestForm(token)["scope"]);
    }

    [Fact]
    public async Task Browse_pages_by_offset_until_eBay_has_no_more_and_a_listing_found_twice_is_returned_once()
    {
        for (var i = 0; i < 250; i++)
        {
            fake.Actives.Add(FakeEbayBuy.Summary($"v1|2200000{i:D5}|0", $"Wonders of the First Cardinal Sentinel Ember Drake lot {i}", 1m + i,
                $"seller{i % 7}", 10 + i, "98.0", ["FIXED_PRICE"]));
        }
        await ConnectAsync(MarketSourceKind.EbayBrowse);

        var read = await Source(MarketSourceKind.EbayBrowse).ReadAsync([Cardinal, Ember], default);

        Assert.Empty(fake.Violations);
        Assert.Equal(250, read.Listings.Count);
        Assert.Equal(["0", "0", "200", "200"], fake.SearchRequests.Select(search => search.Parameter("offset")).Order());
    }

    [Fact]
    public async Task Browse_says_so_when_a_card_has_more_results_than_the_pages_it_reads()
    {
        for (var i = 0; i < 250; i++)
        {
            fake.Actives.Add(FakeEbayBuy.Summary($"v1|4400000{i:D5}|0", $"Wonders of the First Cardinal Sentinel {i}", 1m + i, "seller", 10, "98.0", ["FIXED_PRICE"]));
        }
        await Connections.SaveAsync(MarketSourceKind.EbayBrowse, new Dictionary<string, string?>
        {
            [EbayBuySource.Field.ClientId] = FakeEbayBuy.ClientId,
            [EbayBuySource.Field.ClientSecret] = FakeEbayBuy.ClientSecret,
            [EbayBuySource.Field.ApiBaseUrl] = fake.BaseUrl,
            [EbayBuySource.Field.AuthBaseUrl] = fake.BaseUrl,
            [EbayBuySource.Field.MaxPagesPerCard] = "1",
        }, "admin@example.com");

        var read = await Source(MarketSourceKind.EbayBrowse).ReadAsync([Cardinal], default);

        Assert.Equal(200, read.Listings.Count);
        Assert.Contains("eBay has 250 results, more than the 1 pages read per card", Assert.Single(read.Errors), StringComparison.Ordinal);
        Assert.Single(fake.SearchRequests);
    }

    [Fact]
    public async Task Browse_signs_in_once_and_reuses_the_application_token_until_it_nearly_expires()
    {
        await ConnectAsync(MarketSourceKind.EbayBrowse);
        var source = Source(MarketSourceKind.EbayBrowse);
        await source.ReadAsync([Cardinal], default);
        clock.Advance(TimeSpan.FromHours(1));
        await source.ReadAsync([Cardinal], default);
        Assert.Equal(1, fake.TokensIssued);
        clock.Advance(TimeSpan.FromMinutes(58));
        await source.ReadAsync([Cardinal], default);
        Assert.Equal(2, fake.TokensIssued);
        Assert.Empty(fake.Violations);
    }

    [Fact]
    public async Task One_cards_failure_is_an_error_of_the_read_and_the_other_cards_are_still_read()
    {
        fake.Actives.Add(FakeEbayBuy.Summary("v1|110000000003|0", "Wonders of the First Ember Drake", 5m, "cardbarn", 5, "99.5", ["FIXED_PRICE"]));
        fake.Fail(request => request.Parameter("q")?.Contains("Cardinal", StringComparison.Ordinal) == true, 500,
            """{"errors":[{"errorId":12000,"message":"There was a problem with an eBay internal system or process."}]}""");
        await ConnectAsync(MarketSourceKind.EbayBrowse);

        var read = await Source(MarketSourceKind.EbayBrowse).ReadAsync([Cardinal, Ember], default);

        Assert.Single(read.Listings);
        var error = Assert.Single(read.Errors);
        Assert.Contains("Cardinal Sentinel", error, StringComparison.Ordinal);
        Assert.Contains("eBay internal system", error, StringComparison.Ordinal);
        var state = await Connections.GetAsync(MarketSourceKind.EbayBrowse);
        Assert.Equal(ConnectionHealth.Failing, state.Health);
    }

    [Fact]
    public async Task A_wrong_Cert_ID_fails_the_read_with_eBays_words()
    {
        await ConnectAsync(MarketSourceKind.EbayBrowse);
        await Connections.SaveAsync(MarketSourceKind.EbayBrowse, new Dictionary<string, string?>
        {
            [EbayBuySource.Field.ClientId] = FakeEbayBuy.ClientId,
            [EbayBuySource.Field.ClientSecret] = "wrong",
            [EbayBuySource.Field.ApiBaseUrl] = fake.BaseUrl,
            [EbayBuySource.Field.AuthBaseUrl] = fake.BaseUrl,
        }, "admin@example.com");

        var read = await Source(MarketSourceKind.EbayBrowse).ReadAsync([Cardinal], default);

        Assert.Empty(read.Listings);
        Assert.Contains("eBay sign-in failed", Assert.Single(read.Errors), StringComparison.Ordinal);
        Assert.Empty(fake.SearchRequests);
    }

    [Fact]
    public async Task Insights_reads_sold_items_with_their_date_quantity_and_seller()
    {
        var soldAt = new DateTimeOffset(2026, 11, 28, 17, 4, 5, TimeSpan.Zero);
        fake.Sales.Add(FakeEbayBuy.Sale("v1|330000000001|0", "Wonders of the First Cardinal Sentinel Stonefoil", 88m, soldAt, 2, "flipper", 4321, "99.9"));
        await ConnectAsync(MarketSourceKind.EbayInsights);

        var read = await Source(MarketSourceKind.EbayInsights).ReadAsync([Cardinal, Ember], default);

        Assert.Empty(fake.Violations);
        Assert.Empty(read.Errors);
        var sale = Assert.Single(read.Listings);
        Assert.Equal(MarketListingStatus.Sold, sale.Status);
        Assert.Equal(88m, sale.Price);
        Assert.Equal(4.99m, sale.Shipping);
        Assert.Equal(2, sale.Quantity);
        Assert.Equal(soldAt, sale.SoldAt);
        Assert.Equal("flipper (4321) 99.9%", sale.SellerText);
        Assert.All(fake.SearchRequests, search => Assert.Equal(FakeEbayBuy.InsightsPath, search.Path));
        Assert.Equal(FakeEbayBuy.InsightsScope, EbayRequestForm(fake.Requests.First(request => request.IsToken))["scope"]);
        Assert.Null((await Connections.GetAsync(MarketSourceKind.EbayInsights)).AccessNote);
    }

    [Fact]
    public async Task Insights_refused_its_scope_notes_that_the_account_has_no_access_and_skips_the_read()
    {
        fake.InsightsGranted = false;
        await ConnectAsync(MarketSourceKind.EbayInsights);

        var read = await Source(MarketSourceKind.EbayInsights).ReadAsync([Cardinal], default);

        Assert.Empty(read.Listings);
        Assert.Empty(read.Errors);
        Assert.Empty(fake.SearchRequests);
        var state = await Connections.GetAsync(MarketSourceKind.EbayInsights);
        Assert.StartsWith("This eBay account has no Marketplace Insights access", state.AccessNote, StringComparison.Ordinal);
        Assert.Equal(ConnectionHealth.Connected, state.Health);
    }

    [Fact]
    public async Task Insights_answered_403_notes_that_the_account_has_no_access_and_a_later_successful_read_clears_it()
    {
        fake.Fail(request => request.Path == FakeEbayBuy.InsightsPath, 403,
            """{"errors":[{"errorId":1100,"message":"Access denied","longMessage":"Insufficient permissions to fulfill the request."}]}""");
        await ConnectAsync(MarketSourceKind.EbayInsights);
        var source = Source(MarketSourceKind.EbayInsights);

        var refused = await source.ReadAsync([Cardinal, Ember], default);

        Assert.Empty(refused.Errors);
        Assert.Single(fake.SearchRequests);
        Assert.Equal(EbayInsightsSource.NoAccessNote, (await Connections.GetAsync(MarketSourceKind.EbayInsights)).AccessNote);

        var read = await source.ReadAsync([Cardinal], default);
        Assert.Empty(read.Errors);
        Assert.Null((await Connections.GetAsync(MarketSourceKind.EbayInsights)).AccessNote);
        Assert.Empty(fake.Violations);
    }

    [Fact]
    public async Task Secrets_are_never_shown_again_and_an_empty_secret_keeps_the_saved_one()
    {
        await ConnectAsync(MarketSourceKind.EbayBrowse);
        var state = await Connections.GetAsync(MarketSourceKind.EbayBrowse);
        Assert.Equal(ConnectionHealth.Connected, state.Health);
        Assert.Equal([EbayBuySource.Field.ClientSecret], state.SecretsSet);
        Assert.DoesNotContain(FakeEbayBuy.ClientSecret, state.Settings.Values);
        Assert.Equal("EBAY_US", state.Settings[EbayBuySource.Field.MarketplaceId]);

        await Connections.SaveAsync(MarketSourceKind.EbayBrowse, new Dictionary<string, string?>
        {
            [EbayBuySource.Field.ClientId] = FakeEbayBuy.ClientId,
            [EbayBuySource.Field.ClientSecret] = "",
            [EbayBuySource.Field.ApiBaseUrl] = fake.BaseUrl,
            [EbayBuySource.Field.AuthBaseUrl] = fake.BaseUrl,
        }, "admin@example.com");
        var read = await Source(MarketSourceKind.EbayBrowse).ReadAsync([Cardinal], default);
        Assert.Empty(read.Errors);
    }

    [Fact]
    public async Task A_connection_refuses_missing_required_fields_and_addresses_that_are_not_http()
    {
        var error = await Assert.ThrowsAsync<ConnectionValidationException>(() => Connections.SaveAsync(MarketSourceKind.EbayBrowse,
            new Dictionary<string, string?> { [EbayBuySource.Field.ApiBaseUrl] = "ftp://example.com" }, "admin@example.com"));
        Assert.Equal([EbayBuySource.Field.ApiBaseUrl, EbayBuySource.Field.ClientId, EbayBuySource.Field.ClientSecret], error.Errors.Keys.Order());
        Assert.False(await Source(MarketSourceKind.EbayBrowse).IsConnectedAsync(default));
    }

    private static Dictionary<string, string> EbayRequestForm(FlipFlow.Tests.Marketplaces.Ebay.EbayRequest request) =>
        FlipFlow.Tests.Marketplaces.Ebay.EbayRequest.QueryHelpers(request.Body);
}
