using System.Net;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Products;
using FlipFlow.Domain.Users;
using FlipFlow.Tests.Support;

namespace FlipFlow.Tests.Api;

/// <summary>One app for the zombies API's tests; each test makes listings of its own.</summary>
public sealed class ZombiesApiApp : IAsyncLifetime
{
    public FlipFlowApp App { get; private set; } = default!;

    public async Task InitializeAsync() =>
        App = await FlipFlowApp.StartAsync(settings: new Dictionary<string, string?> { ["Marketplaces:Demo:Market:FailureRate"] = "0" });

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>
/// <c>/api/v1/zombies</c> over HTTP with an API key: scanned and listed as the Zombies page does, resurrected and repriced
/// as batches answered 202 with their address, snoozed; through the same services as the page and the <c>zombies</c> verbs.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ZombiesApiTests(ZombiesApiApp fixture) : IClassFixture<ZombiesApiApp>
{
    private FlipFlowApp App => fixture.App;

    /// <summary>A live Demo listing 100 days old with no views or watchers, written straight to the database: a zombie at the next scan.</summary>
    private Task<(long Listing, long Product)> ZombieAsync(decimal price = 10m) => App.Services.QueryAsync(async db =>
    {
        var now = DateTimeOffset.UtcNow;
        var sku = $"Z-{Guid.NewGuid().ToString("N")[..8]}".ToUpperInvariant();
        var product = new Product { Sku = sku, Title = $"Card {sku}", Price = price, Quantity = 1, CreatedAt = now, UpdatedAt = now };
        var listing = new Listing
        {
            Product = product, Marketplace = Marketplace.Demo, RemoteId = $"hand-{sku}", Status = ListingStatus.Active, Price = price, Quantity = 1,
            ListedAt = now.AddDays(-100), Watchers = 0, CreatedAt = now.AddDays(-100), UpdatedAt = now,
        };
        db.Listings.Add(listing);
        await db.SaveChangesAsync();
        return (listing.Id, product.Id);
    });

    private async Task<IReadOnlyList<long>> ListedAsync(HttpClient client)
    {
        var list = await (await client.GetAsync("/api/v1/zombies?marketplace=demo&pageSize=500")).JsonAsync(HttpStatusCode.OK);
        return list["items"]!.AsArray().Select(item => item!["listingId"]!.GetValue<long>()).ToList();
    }

    private static async Task ScanAsync(HttpClient client) => await (await client.PostAsync("/api/v1/zombies/scan", null)).JsonAsync(HttpStatusCode.OK);

    [Fact]
    public async Task A_scan_answers_what_it_judged_and_the_list_pages_its_zombies_with_a_next_link()
    {
        using var client = await App.NewApiClientAsync(Roles.Operator);
        var (first, _) = await ZombieAsync();
        var (second, _) = await ZombieAsync(price: 25m);

        var scan = await (await client.PostAsync("/api/v1/zombies/scan", null)).JsonAsync(HttpStatusCode.OK);

        Assert.True(scan["judged"]!.GetValue<int>() >= 2);
        Assert.True(scan["zombies"]!.GetValue<int>() >= 2);
        var page = await (await client.GetAsync("/api/v1/zombies?pageSize=1")).JsonAsync(HttpStatusCode.OK);
        Assert.True(page["total"]!.GetValue<int>() >= 2);
        Assert.Single(page["items"]!.AsArray());
        Assert.Contains("page=2", page["next"]!.GetValue<string>());
        Assert.Contains(first, await ListedAsync(client));
        var row = (await (await client.GetAsync("/api/v1/zombies?marketplace=demo&pageSize=500")).JsonAsync(HttpStatusCode.OK))["items"]!.AsArray()
            .Single(item => item!["listingId"]!.GetValue<long>() == second)!;
        Assert.Equal((25m, "USD"), (row["price"]!["amount"]!.GetValue<decimal>(), row["price"]!["currency"]!.GetValue<string>()));
        Assert.Equal(100, row["daysListed"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_list_filter_that_does_not_exist_is_refused_naming_it()
    {
        using var client = await App.NewApiClientAsync(Roles.Viewer);

        Assert.Equal(["diagnosis", "marketplace"], await (await client.GetAsync("/api/v1/zombies?diagnosis=undead&marketplace=amazon")).FieldErrorsAsync());
    }

    [Fact]
    public async Task A_resurrection_answers_202_with_its_batch_and_a_second_one_of_the_same_listing_is_a_conflict()
    {
        using var client = await App.NewApiClientAsync(Roles.Operator);
        var (listing, _) = await ZombieAsync();
        await ScanAsync(client);

        var response = await client.PostAsync($"/api/v1/zombies/{listing}/resurrect", null);

        var started = await response.JsonAsync(HttpStatusCode.Accepted);
        var batch = started["batch"]!["id"]!.GetValue<long>();
        Assert.Equal($"/api/v1/batches/{batch}", response.Headers.Location?.OriginalString);
        var read = await (await client.GetAsync(response.Headers.Location)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(listing, Assert.Single(read["jobs"]!.AsArray())!["listingId"]!.GetValue<long>());
        // Never two live copies: the listing is in a batch that has not ended, or has ended and been relisted.
        Assert.Contains($"listing {listing}", await (await client.PostAsync($"/api/v1/zombies/{listing}/resurrect", null)).ProblemAsync(HttpStatusCode.Conflict));
        Assert.Contains("999999999", await (await client.PostAsync("/api/v1/zombies/999999999/resurrect", null)).ProblemAsync(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task A_reprice_lowers_the_product_price_and_answers_202_with_the_batch_that_publishes_it()
    {
        using var client = await App.NewApiClientAsync(Roles.Operator);
        var (listing, product) = await ZombieAsync(price: 20m);
        await ScanAsync(client);

        var response = await client.PostJsonAsync($"/api/v1/zombies/{listing}/reprice", new { percent = 15m, floor = 5m });

        var started = await response.JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal($"/api/v1/batches/{started["batch"]!["id"]!.GetValue<long>()}", response.Headers.Location?.OriginalString);
        var read = await (await client.GetAsync($"/api/v1/products/{product}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(17m, read["price"]!["amount"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task A_reprice_with_bad_figures_names_them_and_one_of_an_unknown_listing_answers_404()
    {
        using var client = await App.NewApiClientAsync(Roles.Operator);
        var (listing, product) = await ZombieAsync();

        Assert.Equal(["floor", "percent"], await (await client.PostJsonAsync($"/api/v1/zombies/{listing}/reprice", new { percent = 95m, floor = -1m }))
            .FieldErrorsAsync());
        Assert.Equal(["percent"], await (await client.PostJsonAsync($"/api/v1/zombies/{listing}/reprice", new { floor = 1m })).FieldErrorsAsync());
        Assert.Contains("999999999", await (await client.PostJsonAsync("/api/v1/zombies/999999999/reprice", new { percent = 10m }))
            .ProblemAsync(HttpStatusCode.NotFound));
        var read = await (await client.GetAsync($"/api/v1/products/{product}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(10m, read["price"]!["amount"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task A_snoozed_zombie_leaves_the_list_and_bad_days_or_an_unknown_listing_are_refused()
    {
        using var client = await App.NewApiClientAsync(Roles.Operator);
        var (listing, _) = await ZombieAsync();
        await ScanAsync(client);
        Assert.Contains(listing, await ListedAsync(client));

        Assert.Equal(["days"], await (await client.PostJsonAsync($"/api/v1/zombies/{listing}/snooze", new { days = 366 })).FieldErrorsAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostJsonAsync($"/api/v1/zombies/{listing}/snooze", new { days = 7 })).StatusCode);

        Assert.DoesNotContain(listing, await ListedAsync(client));
        await ScanAsync(client);
        Assert.DoesNotContain(listing, await ListedAsync(client));
        Assert.Contains("999999999", await (await client.PostJsonAsync("/api/v1/zombies/999999999/snooze", new { days = 7 })).ProblemAsync(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task A_Viewer_key_lists_zombies_but_does_not_act_on_them()
    {
        using var client = await App.NewApiClientAsync(Roles.Viewer);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/zombies")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/v1/zombies/scan", null)).StatusCode);
    }
}
