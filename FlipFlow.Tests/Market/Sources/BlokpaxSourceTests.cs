using System.Text.Json.Nodes;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Market.Sources;
using FlipFlow.Infrastructure.Marketplaces;
using FlipFlow.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FlipFlow.Tests.Market.Sources;

/// <summary>The Blokpax source against a local server playing Blokpax's storefront API.</summary>
[Trait("Category", "Integration")]
public sealed class BlokpaxSourceTests : IAsyncLifetime
{
    private const string Boxes = "wotf-existence-collector-boxes";
    private const string Proofs = "wotf-art-proofs";
    private const string Wallet = "0x5a0b54d5dc17e0aadc383d2db43b0a0d3e029c4c";

    private TestDatabase database = default!;
    private FakeBlokpax fake = default!;
    private IHost host = default!;

    private MarketSourceConnections Connections => host.Services.GetRequiredService<MarketSourceConnections>();

    private IMarketSource Source => host.Services.GetServices<IMarketSource>().Single(source => source.Kind == MarketSourceKind.Blokpax);

    public async Task InitializeAsync()
    {
        database = await TestDatabase.CreateAsync();
        fake = await FakeBlokpax.StartAsync();
        host = TestHost.Build(database, configure: services =>
        {
            if (!services.Any(service => service.ServiceType == typeof(MarketSourceConnections)))
            {
                services.AddFlipFlowMarketplaces(new ConfigurationBuilder().Build());
            }
        });
        await host.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        fake.Storefronts[Boxes] = [];
        fake.Storefronts[Proofs] = [];
    }

    public async Task DisposeAsync()
    {
        host.Dispose();
        await fake.DisposeAsync();
        await database.DisposeAsync();
    }

    private Task ConnectAsync(string? rate = null, string storefronts = $"{Boxes},{Proofs}") => Connections.SaveAsync(MarketSourceKind.Blokpax,
        new Dictionary<string, string?>
        {
            [BlokpaxSource.Field.ApiBaseUrl] = fake.BaseUrl,
            [BlokpaxSource.Field.Storefronts] = storefronts,
            [BlokpaxSource.Field.BpxUsdRate] = rate,
        }, "admin@example.com");

    [Fact]
    public async Task Reads_each_assets_active_listings_with_the_sellers_username_or_wallet_in_BPX()
    {
        fake.Storefronts[Boxes].Add(("4294967297", "WOTF Existence Collector Box #929", new JsonArray(
            FakeBlokpax.Listing(12345, 475_000m, "boxhoarder", Wallet),
            FakeBlokpax.Listing(12346, 400_000m, null, "0xcancelled", status: "cancelled"))));
        fake.Storefronts[Proofs].Add(("1234", "WOTF Existence Progo Art Proof", new JsonArray(FakeBlokpax.Listing(5001, 75_000m, null, Wallet, quantity: 2))));
        fake.Storefronts[Proofs].Add(("1235", "WOTF Existence Unlisted Proof", new JsonArray()));
        await ConnectAsync();

        Assert.True(await Source.IsConnectedAsync(default));
        var read = await Source.ReadAsync([], default);

        Assert.Empty(fake.Violations);
        Assert.Empty(read.Errors);
        Assert.Equal(["12345", "5001"], read.Listings.Select(listing => listing.ExternalId).Order());
        var box = read.Listings.Single(listing => listing.ExternalId == "12345");
        Assert.Equal(MarketPlatform.Blokpax, box.Platform);
        Assert.Equal("WOTF Existence Collector Box #929", box.Title);
        Assert.Equal(MarketListingStatus.Active, box.Status);
        Assert.Equal(MarketListingFormat.FixedPrice, box.Format);
        Assert.Equal(475_000m, box.Price);
        Assert.Equal("BPX", box.Currency);
        Assert.Equal("boxhoarder", box.SellerText);
        var proof = read.Listings.Single(listing => listing.ExternalId == "5001");
        Assert.Equal(Wallet, proof.SellerText);
        Assert.Equal(2, proof.Quantity);
        Assert.True(Source.ListsActives);
    }

    [Fact]
    public async Task Reads_filled_listings_of_the_activity_as_sales_and_converts_BPX_at_the_rate_set()
    {
        var filledAt = new DateTimeOffset(2026, 11, 29, 8, 30, 0, TimeSpan.Zero);
        fake.Activity[Boxes] =
        [
            FakeBlokpax.Sale(777, "4294967297", "WOTF Existence Collector Box #929", 450_000m, Wallet, filledAt),
            new JsonObject { ["listing"] = new JsonObject { ["id"] = 778, ["price"] = 1, ["listing_status"] = "active" }, ["asset"] = new JsonObject { ["name"] = "x" } },
        ];
        await ConnectAsync(rate: "0.002", storefronts: Boxes);

        var read = await Source.ReadAsync([], default);

        Assert.Empty(fake.Violations);
        var sale = Assert.Single(read.Listings);
        Assert.Equal("777", sale.ExternalId);
        Assert.Equal(MarketListingStatus.Sold, sale.Status);
        Assert.Equal(900m, sale.Price);
        Assert.Equal("USD", sale.Currency);
        Assert.Equal(filledAt, sale.SoldAt);
        Assert.Equal(Wallet, sale.SellerText);
        Assert.Contains(fake.Requests, request => request.Contains("/activity?page=1&per_page=50&type=sales", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pages_through_every_asset_of_a_storefront()
    {
        for (var i = 0; i < 230; i++)
        {
            fake.Storefronts[Boxes].Add(($"{1000 + i}", $"WOTF Existence Collector Box #{i}", new JsonArray(FakeBlokpax.Listing(90_000 + i, 1000m + i, null, Wallet))));
        }
        await ConnectAsync(storefronts: Boxes);

        var read = await Source.ReadAsync([], default);

        Assert.Empty(fake.Violations);
        Assert.Empty(read.Errors);
        Assert.Equal(230, read.Listings.Count);
        Assert.Equal(3, fake.Requests.Count(request => request.Contains("/assets?", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_failing_storefront_is_an_error_of_the_read_and_an_unknown_one_too_while_the_others_are_read()
    {
        fake.Storefronts[Boxes].Add(("1", "WOTF Existence Collector Box #1", new JsonArray(FakeBlokpax.Listing(1, 1000m, null, Wallet))));
        fake.Storefronts[Proofs].Add(("2", "WOTF Existence Art Proof", new JsonArray(FakeBlokpax.Listing(2, 1000m, null, Wallet))));
        fake.FailingAssets.Add("2");
        await ConnectAsync(storefronts: $"{Boxes},{Proofs},no-such-storefront");

        var read = await Source.ReadAsync([], default);

        Assert.Equal(["1"], read.Listings.Select(listing => listing.ExternalId));
        Assert.Equal(2, read.Errors.Count);
        Assert.Contains(read.Errors, error => error.StartsWith($"{Proofs}: Blokpax answered 500", StringComparison.Ordinal));
        Assert.Contains(read.Errors, error => error.StartsWith("no-such-storefront: Blokpax answered 404", StringComparison.Ordinal));
        Assert.Equal(ConnectionHealth.Failing, (await Connections.GetAsync(MarketSourceKind.Blokpax)).Health);
    }
}
