using System.Text;
using System.Text.Json;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Marketplaces;
using FlipFlow.Infrastructure.Marketplaces.Ebay;
using FlipFlow.Infrastructure.Batches;
using FlipFlow.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlipFlow.Tests.Marketplaces.Ebay;

/// <summary>The eBay client against a local server playing eBay: sign-in, failures, and the calls it makes.</summary>
[Trait("Category", "Integration")]
public sealed class EbayClientTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    private readonly ManualClock clock = new(Start);
    private TestDatabase database = default!;
    private FakeEbay fake = default!;
    private IHost host = default!;

    private EbayClient Ebay => host.Services.GetRequiredService<EbayClient>();

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        fake = await FakeEbay.StartAsync();
        host = await EbayTestHost.StartAsync(database, fake, clock);
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await fake.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task The_access_token_comes_from_the_refresh_token_grant_once_and_serves_until_it_is_about_to_expire()
    {
        await Ebay.GetOffersAsync("WOTF-001", CancellationToken.None);
        await Ebay.GetOffersAsync("WOTF-002", CancellationToken.None);

        Assert.Empty(fake.Violations);
        Assert.Equal(1, fake.TokensIssued);
        var token = Assert.Single(fake.Requests, request => request.IsToken);
        Assert.Equal("POST", token.Method);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{FakeEbay.ClientId}:{FakeEbay.ClientSecret}")), token.Header("Authorization"));
        var form = EbayRequest.QueryHelpers(token.Body);
        Assert.Equal("refresh_token", form["grant_type"]);
        Assert.Equal(FakeEbay.RefreshToken, form["refresh_token"]);
        Assert.Equal(EbayClient.Scopes, form["scope"]);
        var firstToken = fake.LastToken;
        Assert.All(fake.ApiRequests, request => Assert.Equal($"Bearer {firstToken}", request.Header("Authorization")));
        var state = await host.Services.GetRequiredService<MarketplaceConnections>().GetAsync(Marketplace.Ebay);
        Assert.Equal(Start.AddSeconds(fake.TokenLifetimeSeconds), state.TokenExpiresAt);

        // Renewed once it is within two minutes of its end, not before.
        clock.Advance(TimeSpan.FromSeconds(fake.TokenLifetimeSeconds) - TimeSpan.FromMinutes(3));
        await Ebay.GetOffersAsync("WOTF-003", CancellationToken.None);
        Assert.Equal(1, fake.TokensIssued);
        clock.Advance(TimeSpan.FromMinutes(2));
        await Ebay.GetOffersAsync("WOTF-004", CancellationToken.None);
        Assert.Equal(2, fake.TokensIssued);
        Assert.Equal($"Bearer {fake.LastToken}", fake.ApiRequests[^1].Header("Authorization"));
        Assert.NotEqual(firstToken, fake.LastToken);
    }

    [Fact]
    public async Task A_401_gets_a_new_token_and_the_same_call_again_with_its_body_and_language()
    {
        var item = new EbayInventoryItem(new EbayAvailability(new EbayShipToLocationAvailability(2)), "NEW",
            new EbayProduct("Sky Serpent, foil", "Near mint.", new Dictionary<string, IReadOnlyList<string>> { ["Game"] = ["Wonders of the First"] },
                ["https://img.example.com/sky-serpent.jpg"]));
        await Ebay.GetOffersAsync("WOTF-001", CancellationToken.None);
        fake.RevokeTokens();

        await Ebay.PutInventoryItemAsync("WOTF-001", item, CancellationToken.None);

        Assert.Equal(2, fake.TokensIssued);
        var puts = fake.ApiRequests.Where(request => request.Method == "PUT").ToList();
        Assert.Equal(2, puts.Count);
        Assert.Equal(puts[0].Body, puts[1].Body);
        Assert.All(puts, put => Assert.Equal("en-US", put.Header("Content-Language")));
        Assert.Equal($"Bearer {fake.LastToken}", puts[1].Header("Authorization"));
        Assert.Equal("Sky Serpent, foil", fake.InventoryItem("WOTF-001")?["product"]?["title"]?.GetValue<string>());
        Assert.Empty(fake.Violations);
    }

    [Fact]
    public async Task A_429_is_transient_and_keeps_eBays_Retry_After()
    {
        fake.Fail(request => request.Path == "/sell/inventory/v1/offer", 429,
            FakeEbay.ErrorBody(2001, "Too many requests. The request limit has been reached for the resource."), retryAfterSeconds: 7);

        var error = await Assert.ThrowsAsync<TransientMarketplaceException>(() => Ebay.GetOffersAsync("WOTF-001", CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.Contains("429", error.Message);
        Assert.Contains("Too many requests", error.Message);
        Assert.True(MarketplaceJobRunner.IsTransient(error));
    }

    [Fact]
    public async Task A_500_is_transient()
    {
        fake.Fail(request => request.Path == "/sell/inventory/v1/offer", 500,
            FakeEbay.ErrorBody(25001, "A system error has occurred.", "API_INVENTORY"));

        var error = await Assert.ThrowsAsync<TransientMarketplaceException>(() => Ebay.GetOffersAsync("WOTF-001", CancellationToken.None));

        Assert.Null(error.RetryAfter);
        Assert.Contains("500", error.Message);
        Assert.Contains("A system error has occurred.", error.Message);
    }

    [Fact]
    public async Task A_400_is_permanent_and_says_what_eBay_said_which_the_connection_shows()
    {
        var said = "The eBay listing associated with the inventory item, or the unpublished offer has an invalid price.";
        fake.Fail(request => request.Path.EndsWith("/publish/", StringComparison.Ordinal), 400, FakeEbay.ErrorBody(25003, said));

        var error = await Assert.ThrowsAsync<PermanentMarketplaceException>(() => Ebay.PublishOfferAsync("9200000001", CancellationToken.None));

        Assert.Contains(said, error.Message);
        Assert.Contains("25003", error.Message);
        Assert.Contains("400", error.Message);
        Assert.False(MarketplaceJobRunner.IsTransient(error));
        var state = await host.Services.GetRequiredService<MarketplaceConnections>().GetAsync(Marketplace.Ebay);
        Assert.Equal(ConnectionHealth.Failing, state.Health);
        Assert.Contains(said, state.LastError);
    }

    [Fact]
    public async Task A_refused_refresh_token_is_permanent_with_eBays_reason()
    {
        await host.Services.GetRequiredService<MarketplaceConnections>().SaveAsync(Marketplace.Ebay, new Dictionary<string, string?>
        {
            [EbayClient.Field.ClientId] = FakeEbay.ClientId,
            [EbayClient.Field.RefreshToken] = "v^1.1#expired",
            [EbayClient.Field.ApiBaseUrl] = fake.BaseUrl,
            [EbayClient.Field.AuthBaseUrl] = fake.BaseUrl,
            [EbayClient.Field.MerchantLocationKey] = FakeEbay.LocationKey,
            [EbayClient.Field.FulfillmentPolicyId] = FakeEbay.FulfillmentPolicyId,
            [EbayClient.Field.PaymentPolicyId] = FakeEbay.PaymentPolicyId,
            [EbayClient.Field.ReturnPolicyId] = FakeEbay.ReturnPolicyId,
            [EbayClient.Field.CategoryId] = FakeEbay.CategoryId,
        }, "test");

        var error = await Assert.ThrowsAsync<PermanentMarketplaceException>(() => Ebay.GetOffersAsync("WOTF-001", CancellationToken.None));

        Assert.Contains("refresh_token is 'v^1.1#expired'", error.Message);
        Assert.Contains("invalid_grant", error.Message);
        Assert.Empty(fake.ApiRequests);
    }

    [Fact]
    public async Task Without_a_connection_every_call_is_refused_in_words()
    {
        await host.Services.GetRequiredService<MarketplaceConnections>().DisconnectAsync(Marketplace.Ebay);

        var error = await Assert.ThrowsAsync<PermanentMarketplaceException>(() => Ebay.FindBySkuAsync("WOTF-001", CancellationToken.None));

        Assert.Contains("not connected", error.Message);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task Find_by_SKU_gives_the_published_offers_listing_a_draft_for_an_unpublished_one_and_null_for_none()
    {
        var live = fake.SeedOffer("WOTF-LIVE", 12.5m, published: true, listingId: "110000000777");
        var draft = fake.SeedOffer("WOTF-DRAFT", 4m, published: false);

        var found = await Ebay.FindBySkuAsync("WOTF-LIVE", CancellationToken.None);
        var unpublished = await Ebay.FindBySkuAsync("WOTF-DRAFT", CancellationToken.None);
        var none = await Ebay.FindBySkuAsync("WOTF-NONE", CancellationToken.None);

        Assert.NotNull(found);
        Assert.Equal("110000000777", found.RemoteId);
        Assert.Equal(ListingStatus.Active, found.Status);
        Assert.Equal(12.5m, found.Price);
        Assert.Equal("USD", found.Currency);
        Assert.Equal("https://www.ebay.com/itm/110000000777", found.Url);
        Assert.NotNull(unpublished);
        Assert.Equal(EbayClient.DraftIdOf(draft), unpublished.RemoteId);
        Assert.Equal(ListingStatus.Draft, unpublished.Status);
        Assert.Null(unpublished.Url);
        Assert.Null(none);
        Assert.Contains(fake.ApiRequests, request => request.Path == "/sell/inventory/v1/offer" && request.Parameter("sku") == "WOTF-NONE");

        // By listing id, the client pages through the inventory items and their offers.
        Assert.Equal("WOTF-LIVE", (await Ebay.GetListingAsync("110000000777", CancellationToken.None))?.Sku);
        Assert.Equal(ListingStatus.Draft, (await Ebay.GetListingAsync(EbayClient.DraftIdOf(draft), CancellationToken.None))?.Status);
        Assert.Null(await Ebay.GetListingAsync("110000000999", CancellationToken.None));
        Assert.Equal(["110000000777"], (await Ebay.GetActiveListingsAsync(CancellationToken.None)).Select(listing => listing.RemoteId));
        Assert.Contains(fake.ApiRequests, request => request.Path == "/sell/inventory/v1/inventory_item"
            && request.Parameter("limit") == "200" && request.Parameter("offset") == "0");

        await Ebay.EndListingAsync("110000000777", CancellationToken.None);
        await Ebay.EndListingAsync("110000000777", CancellationToken.None);
        Assert.Single(fake.ApiRequests, request => request.Path == $"/sell/inventory/v1/offer/{live}/withdraw");
        Assert.Empty(await Ebay.GetActiveListingsAsync(CancellationToken.None));
        Assert.Empty(fake.Violations);
    }

    [Fact]
    public async Task The_traffic_report_is_asked_by_listing_and_read_by_the_metric_names_of_its_header()
    {
        fake.Traffic["110000000001"] = (Views: 120, Impressions: 3400, ClickThroughRate: 2.5m);
        fake.Traffic["110000000002"] = (Views: 0, Impressions: 15, ClickThroughRate: null);

        var traffic = await Ebay.GetTrafficAsync(["110000000001", "110000000002"], new DateOnly(2026, 2, 1), new DateOnly(2026, 2, 28),
            CancellationToken.None);

        Assert.Empty(fake.Violations);
        var request = Assert.Single(fake.ApiRequests);
        Assert.Equal("/sell/analytics/v1/traffic_report", request.Path);
        Assert.Equal("LISTING", request.Parameter("dimension"));
        Assert.Equal("marketplace_ids:{EBAY_US},date_range:[20260201..20260228],listing_ids:{110000000001|110000000002}", request.Parameter("filter"));
        Assert.Equal("LISTING_VIEWS_TOTAL,LISTING_IMPRESSION_TOTAL,CLICK_THROUGH_RATE", request.Parameter("metric"));
        Assert.Equal(
            [new EbayListingTraffic("110000000001", 120, 3400, 2.5m), new EbayListingTraffic("110000000002", 0, 15, 0m)],
            traffic);
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Ebay.GetTrafficAsync(["110000000001"], new DateOnly(2026, 1, 1), new DateOnly(2026, 4, 1), CancellationToken.None));
    }

    [Fact]
    public void A_documented_traffic_report_reads_with_listing_ids_and_values_as_numbers_or_strings()
    {
        using var report = JsonDocument.Parse("""
            {
              "header": {
                "dimensionKeys": [{ "key": "LISTING_ID", "dataType": "STRING" }],
                "metrics": [
                  { "key": "LISTING_IMPRESSION_TOTAL", "dataType": "NUMBER" },
                  { "key": "LISTING_VIEWS_TOTAL", "dataType": "NUMBER" },
                  { "key": "CLICK_THROUGH_RATE", "dataType": "NUMBER" }
                ]
              },
              "records": [
                {
                  "dimensionValues": [{ "value": "142133954229", "applicable": true }],
                  "metricValues": [{ "value": 906, "applicable": true }, { "value": "31", "applicable": true }, { "value": 1.2, "applicable": true }]
                }
              ]
            }
            """);

        var traffic = Assert.Single(EbayClient.ReadTrafficReport(report.RootElement));

        Assert.Equal(new EbayListingTraffic("142133954229", 31, 906, 1.2m), traffic);
    }

    [Fact]
    public async Task An_offer_to_interested_buyers_sends_the_listing_price_and_message_as_eBay_documents()
    {
        fake.EligibleListings.Add("110000000001");

        var eligible = await Ebay.FindEligibleItemsAsync(CancellationToken.None);
        var sent = await Ebay.SendOfferToInterestedBuyersAsync("110000000001", 17.5m, "USD", "Thanks for watching: 10% off today.",
            CancellationToken.None);

        Assert.Empty(fake.Violations);
        Assert.Equal(["110000000001"], eligible);
        Assert.Equal(2, sent.Count);
        Assert.All(sent.OfferIds, id => Assert.StartsWith("5000", id));
        var request = fake.ApiRequests.Single(request => request.Path == "/sell/negotiation/v1/send_offer_to_interested_buyers");
        Assert.Equal("POST", request.Method);
        Assert.Equal("EBAY_US", request.Header("X-EBAY-C-MARKETPLACE-ID"));
        var body = request.Json;
        var item = Assert.Single(body["offeredItems"]!.AsArray())!;
        Assert.Equal("110000000001", item["listingId"]!.GetValue<string>());
        Assert.Equal(JsonValueKind.String, item["price"]!["value"]!.GetValueKind());
        Assert.Equal("17.50", item["price"]!["value"]!.GetValue<string>());
        Assert.Equal("USD", item["price"]!["currency"]!.GetValue<string>());
        Assert.Equal(1, item["quantity"]!.GetValue<int>());
        Assert.False(body["allowCounterOffer"]!.GetValue<bool>());
        Assert.Equal("Thanks for watching: 10% off today.", body["message"]!.GetValue<string>());

        var refused = await Assert.ThrowsAsync<PermanentMarketplaceException>(() =>
            Ebay.SendOfferToInterestedBuyersAsync("110000000002", 5m, "USD", null, CancellationToken.None));
        Assert.Contains("has no interested buyers", refused.Message);
    }

    [Fact]
    public void eBay_error_bodies_read_as_their_messages()
    {
        static string? Read(string body) => EbayClient.ErrorMessageOf(body);

        Assert.Equal("Invalid value for price. (eBay error 25709); SKU not found. (eBay error 25702)", Read("""
            {"errors":[{"errorId":25709,"domain":"API_INVENTORY","category":"REQUEST","message":"Invalid value for price.","longMessage":"Invalid value for price. The value must be above 0.99."},
                       {"errorId":25702,"message":"SKU not found."}]}
            """));
        Assert.Equal("the provided authorization refresh token is invalid (invalid_grant)",
            Read("""{"error":"invalid_grant","error_description":"the provided authorization refresh token is invalid"}"""));
        Assert.Null(Read("<html>Bad gateway</html>"));
        Assert.Null(Read(""));
    }
}
