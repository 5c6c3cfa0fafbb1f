using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Fetching;
using FlipFlow.Infrastructure.Marketplaces;
using FlipFlow.Infrastructure.Marketplaces.Etsy;
using Microsoft.Extensions.DependencyInjection;

namespace FlipFlow.Tests.Marketplaces.Etsy;

[Trait("Category", "Integration")]
public sealed class EtsyClientTests : IAsyncLifetime
{
    private EtsyHarness harness = default!;

    private FakeEtsy Etsy => harness.Etsy;

    public async Task InitializeAsync() => harness = await EtsyHarness.StartAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    private FakeListing SeedActive(string sku = "SKU-1") =>
        Etsy.Seed(new FakeListing { State = "active", Title = "Seeded card", Price = 12.5m, Quantity = 2, Sku = sku });

    [Fact]
    public async Task Every_call_carries_the_keystring_and_shared_secret_and_the_token_from_a_documented_refresh_grant()
    {
        var seeded = SeedActive();

        var listing = await harness.Client.GetListingAsync(seeded.Id.ToString(), CancellationToken.None);

        Assert.NotNull(listing);
        Assert.Equal((seeded.Id.ToString(), "SKU-1", ListingStatus.Active, 12.5m, "USD", 2, seeded.Url),
            (listing.RemoteId, listing.Sku, listing.Status, listing.Price, listing.Currency, listing.Quantity, listing.Url));
        var token = Assert.Single(Etsy.TokenRequests);
        Assert.StartsWith("application/x-www-form-urlencoded", token.ContentType);
        Assert.Equal(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["client_id"] = FakeEtsy.Keystring,
            ["refresh_token"] = FakeEtsy.FirstRefreshToken,
        }, token.Form);
        var call = Assert.Single(Etsy.Requests, request => request.IsApi);
        Assert.Equal(("GET", $"/v3/application/listings/{seeded.Id}"), (call.Method, call.Path));
        Assert.Equal($"{FakeEtsy.Keystring}:{FakeEtsy.SharedSecret}", call.ApiKey);
        Assert.Equal("Bearer 7001.access-1", call.Authorization);
    }

    [Fact]
    public async Task Each_refresh_token_Etsy_issues_is_stored_and_the_next_refresh_sends_it()
    {
        // Tokens that expire within FlipFlow's renewal margin make every call sign in again.
        Etsy.TokenLifetimeSeconds = 60;
        var seeded = SeedActive();

        await harness.Client.GetListingAsync(seeded.Id.ToString(), CancellationToken.None);
        var stored = await harness.Connections.ReadCredentialsAsync(Marketplace.Etsy);
        await harness.Client.GetListingAsync(seeded.Id.ToString(), CancellationToken.None);

        Assert.Equal("7001.refresh-1", stored!.Secrets[EtsyClient.Fields.RefreshToken]);
        Assert.Equal([FakeEtsy.FirstRefreshToken, "7001.refresh-1"], Etsy.TokenRequests.Select(request => request.Form["refresh_token"]));
        var latest = await harness.Connections.ReadCredentialsAsync(Marketplace.Etsy);
        Assert.Equal("7001.refresh-2", latest!.Secrets[EtsyClient.Fields.RefreshToken]);
        Assert.Equal(["Bearer 7001.access-1", "Bearer 7001.access-2"], Etsy.Requests.Where(request => request.IsApi).Select(request => request.Authorization));
    }

    [Fact]
    public async Task A_rejected_access_token_is_renewed_once_with_the_refresh_token_Etsy_issued_last()
    {
        var seeded = SeedActive();
        Etsy.FailNext("GET", $"/v3/application/listings/{seeded.Id}", 401, """{"error": "invalid_token"}""");

        var listing = await harness.Client.GetListingAsync(seeded.Id.ToString(), CancellationToken.None);

        Assert.Equal(seeded.Id.ToString(), listing?.RemoteId);
        // The call began with the first refresh token; the renewal must send the one that replaced it.
        Assert.Equal([FakeEtsy.FirstRefreshToken, "7001.refresh-1"], Etsy.TokenRequests.Select(request => request.Form["refresh_token"]));
        Assert.Equal(["Bearer 7001.access-1", "Bearer 7001.access-2"], Etsy.Requests.Where(request => request.IsApi).Select(request => request.Authorization));
    }

    [Fact]
    public async Task A_401_after_another_call_traded_the_refresh_token_is_renewed_with_the_newest_one()
    {
        var seeded = SeedActive();
        var path = $"/v3/application/listings/{seeded.Id}";
        await harness.Client.GetListingAsync(seeded.Id.ToString(), CancellationToken.None);
        // This client reads the credentials (access-1, refresh-1); before its call reaches Etsy, another client's
        // call is refused and renews (refresh-1 for refresh-2), and then this call is refused too.
        using var http = new HttpClient(new BeforeFirstApiCall(async () =>
        {
            Etsy.FailNext("GET", path, 401, """{"error": "invalid_token"}""");
            await harness.Client.GetListingAsync(seeded.Id.ToString(), CancellationToken.None);
            Etsy.FailNext("GET", path, 401, """{"error": "invalid_token"}""");
        }));
        var client = new EtsyClient(http, harness.Connections, harness.Host.Services.GetRequiredService<MarketplaceRateLimiter>(),
            harness.Host.Services.GetRequiredService<TimeProvider>(), harness.Host.Services.GetRequiredService<GuardedFetcher>());

        var listing = await client.GetListingAsync(seeded.Id.ToString(), CancellationToken.None);

        Assert.Equal(seeded.Id.ToString(), listing?.RemoteId);
        Assert.Equal([FakeEtsy.FirstRefreshToken, "7001.refresh-1", "7001.refresh-2"],
            Etsy.TokenRequests.Select(request => request.Form["refresh_token"]));
        Assert.Equal(["Bearer 7001.access-1", "Bearer 7001.access-1", "Bearer 7001.access-2", "Bearer 7001.access-1", "Bearer 7001.access-3"],
            Etsy.Requests.Where(request => request.IsApi).Select(request => request.Authorization));
        var stored = await harness.Connections.ReadCredentialsAsync(Marketplace.Etsy);
        Assert.Equal("7001.refresh-3", stored!.Secrets[EtsyClient.Fields.RefreshToken]);
    }

    [Fact]
    public async Task Calls_that_begin_together_without_a_token_sign_in_once()
    {
        var seeded = SeedActive();

        var listings = await Task.WhenAll(Enumerable.Range(0, 5)
            .Select(_ => harness.Client.GetListingAsync(seeded.Id.ToString(), CancellationToken.None)));

        Assert.All(listings, listing => Assert.Equal(seeded.Id.ToString(), listing?.RemoteId));
        Assert.Equal([FakeEtsy.FirstRefreshToken], Etsy.TokenRequests.Select(request => request.Form["refresh_token"]));
        Assert.All(Etsy.Requests.Where(request => request.IsApi), request => Assert.Equal("Bearer 7001.access-1", request.Authorization));
    }

    [Fact]
    public async Task A_429_is_transient_and_keeps_Etsys_Retry_After()
    {
        var seeded = SeedActive();
        Etsy.FailNext("GET", $"/v3/application/listings/{seeded.Id}", 429, """{"error": "You have exceeded your quota of 10 requests per second."}""",
            retryAfterSeconds: 7);

        var error = await Assert.ThrowsAsync<TransientMarketplaceException>(() =>
            harness.Client.GetListingAsync(seeded.Id.ToString(), CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.Contains("429", error.Message);
        Assert.Contains("exceeded your quota", error.Message);
        Assert.Equal(Marketplace.Etsy, error.Marketplace);
    }

    [Fact]
    public async Task A_server_error_is_transient()
    {
        SeedActive();
        Etsy.FailNext("GET", $"/v3/application/shops/{FakeEtsy.ShopId}/listings", 500, """{"error": "Internal error"}""");

        var error = await Assert.ThrowsAsync<TransientMarketplaceException>(() => harness.Client.GetActiveListingsAsync(CancellationToken.None));

        Assert.Contains("500", error.Message);
        Assert.Null(error.RetryAfter);
    }

    [Fact]
    public async Task A_400_is_permanent_with_Etsys_own_message_which_the_connection_records()
    {
        var seeded = SeedActive();
        Etsy.FailNext("PATCH", $"/v3/application/shops/{FakeEtsy.ShopId}/listings/{seeded.Id}", 400,
            """{"error": "The listing's shipping profile is not valid for its shop."}""");

        var error = await Assert.ThrowsAsync<PermanentMarketplaceException>(() =>
            harness.Client.SetStateAsync(seeded.Id.ToString(), "inactive", CancellationToken.None));

        Assert.Equal($"Etsy answered 400 to PATCH /v3/application/shops/{FakeEtsy.ShopId}/listings/{seeded.Id}: The listing's shipping profile is not valid for its shop.",
            error.Message);
        Assert.Equal("active", Etsy.Listing(seeded.Id).State);
        var state = await harness.Connections.GetAsync(Marketplace.Etsy);
        Assert.Equal(ConnectionHealth.Failing, state.Health);
        Assert.Contains("shipping profile is not valid", state.LastError);
    }

    [Fact]
    public async Task A_refresh_token_Etsy_refuses_fails_permanently_with_its_description()
    {
        await harness.Connections.SaveAsync(Marketplace.Etsy, new Dictionary<string, string?>
        {
            [EtsyClient.Fields.ClientId] = FakeEtsy.Keystring,
            [EtsyClient.Fields.RefreshToken] = "7001.revoked",
            [EtsyClient.Fields.ShopId] = FakeEtsy.ShopId.ToString(),
            [EtsyClient.Fields.ApiBaseUrl] = Etsy.BaseAddress,
            [EtsyClient.Fields.TaxonomyId] = "1",
            [EtsyClient.Fields.ShippingProfileId] = "2",
            [EtsyClient.Fields.ReadinessStateId] = "3",
        }, "tests");

        var error = await Assert.ThrowsAsync<PermanentMarketplaceException>(() => harness.Client.GetActiveListingsAsync(CancellationToken.None));

        Assert.Contains("invalid_grant: refresh token is invalid or has been used", error.Message);
        Assert.DoesNotContain(Etsy.Requests, request => request.IsApi);
    }

    [Fact]
    public async Task Active_listings_are_read_page_by_page()
    {
        for (var i = 0; i < 130; i++)
        {
            SeedActive($"SKU-{i}");
        }
        Etsy.Seed(new FakeListing { State = "draft", Title = "Not live", Sku = "DRAFT-1" });

        var active = await harness.Client.GetActiveListingsAsync(CancellationToken.None);

        Assert.Equal(130, active.Count);
        Assert.Equal(130, active.Select(listing => listing.Sku).Distinct().Count());
        Assert.All(active, listing => Assert.Equal(ListingStatus.Active, listing.Status));
        var pages = Etsy.Calls("GET", $"/v3/application/shops/{FakeEtsy.ShopId}/listings");
        Assert.Equal([("active", "100", "0"), ("active", "100", "100")],
            pages.Select(page => (page.Query["state"], page.Query["limit"], page.Query["offset"])));
    }

    [Fact]
    public async Task Finding_by_SKU_looks_at_drafts_and_active_listings_only()
    {
        Etsy.Seed(new FakeListing { State = "inactive", Title = "Old", Sku = "CARD-9" });
        var draft = Etsy.Seed(new FakeListing { State = "draft", Title = "New", Sku = "CARD-9" });

        var found = await harness.Client.FindBySkuAsync("CARD-9", CancellationToken.None);
        var missing = await harness.Client.FindBySkuAsync("CARD-10", CancellationToken.None);

        Assert.Equal((draft.Id.ToString(), ListingStatus.Draft), (found?.RemoteId, found?.Status));
        Assert.Null(missing);
    }

    /// <summary>Runs an interlude once, as the first API call is about to leave, then sends every request on.</summary>
    private sealed class BeforeFirstApiCall(Func<Task> interlude) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int apiCalls;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath.StartsWith("/v3/application/", StringComparison.Ordinal)
                && Interlocked.Increment(ref apiCalls) == 1)
            {
                await interlude();
            }
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
