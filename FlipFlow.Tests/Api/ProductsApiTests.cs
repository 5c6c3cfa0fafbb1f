using System.Net;
using System.Net.Http.Json;
using FlipFlow.Domain.Users;
using FlipFlow.Tests.Support;

namespace FlipFlow.Tests.Api;

/// <summary>One app for the products API's tests: each test makes products with a SKU prefix of its own.</summary>
public sealed class ProductsApiApp : IAsyncLifetime
{
    public FlipFlowApp App { get; private set; } = default!;

    public async Task InitializeAsync() => App = await FlipFlowApp.StartAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>
/// <c>/api/v1/products</c> over HTTP with an API key: listed with paging, search and sort, read, created and saved
/// through the catalogue and its checks, as the product dialog saves them.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ProductsApiTests(ProductsApiApp fixture) : IClassFixture<ProductsApiApp>
{
    private FlipFlowApp App => fixture.App;

    private static object Body(string sku, string title = "A card", decimal price = 10m, string currency = "USD", int quantity = 1) => new
    {
        sku, title, description = "Mint.", price = new { amount = price, currency }, quantity,
        images = new[] { "https://images.example.com/front.jpg" }, itemSpecifics = new Dictionary<string, string> { ["Rarity"] = "Rare" },
    };

    private static string Unique(string name) => $"{name}-{Guid.NewGuid().ToString("N")[..6]}".ToUpperInvariant();

    private async Task<long> CreateAsync(HttpClient client, object body) =>
        (await (await client.PostJsonAsync("/api/v1/products", body)).JsonAsync(HttpStatusCode.Created))["id"]!.GetValue<long>();

    [Fact]
    public async Task A_created_product_answers_201_with_its_address_which_reads_it_back()
    {
        using var client = await App.NewApiClientAsync(Roles.Operator);
        var sku = Unique("NEW");

        var response = await client.PostJsonAsync("/api/v1/products", Body(sku, price: 12.5m));

        var created = await response.JsonAsync(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<long>();
        Assert.Equal($"/api/v1/products/{id}", response.Headers.Location?.OriginalString);
        var read = await (await client.GetAsync(response.Headers.Location)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(sku, read["sku"]!.GetValue<string>());
        Assert.Equal(12.5m, read["price"]!["amount"]!.GetValue<decimal>());
        Assert.Equal("USD", read["price"]!["currency"]!.GetValue<string>());
        Assert.Equal("Rare", read["itemSpecifics"]!["Rarity"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_product_with_no_title_and_a_negative_price_is_refused_naming_both_fields_and_nothing_is_saved()
    {
        using var client = await App.NewApiClientAsync(Roles.Operator);
        var sku = Unique("BAD");

        var response = await client.PostJsonAsync("/api/v1/products", new { sku, price = new { amount = -5m, currency = "USD" } });

        Assert.Equal(["price", "title"], await response.FieldErrorsAsync());
        var list = await (await client.GetAsync($"/api/v1/products?search={sku}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, list["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_second_product_with_a_SKU_already_taken_is_a_conflict()
    {
        using var client = await App.NewApiClientAsync(Roles.Operator);
        var sku = Unique("TWICE");
        await CreateAsync(client, Body(sku));

        var response = await client.PostJsonAsync("/api/v1/products", Body(sku, title: "Another"));

        Assert.Contains(sku, await response.ProblemAsync(HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task A_saved_product_answers_200_and_keeps_the_change_and_an_unknown_one_answers_404()
    {
        using var client = await App.NewApiClientAsync(Roles.Operator);
        var sku = Unique("EDIT");
        var id = await CreateAsync(client, Body(sku));

        var saved = await (await client.PutAsJsonAsync($"/api/v1/products/{id}", Body(sku, title: "Renamed", quantity: 4))).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("Renamed", saved["title"]!.GetValue<string>());
        var read = await (await client.GetAsync($"/api/v1/products/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(("Renamed", 4), (read["title"]!.GetValue<string>(), read["quantity"]!.GetValue<int>()));
        Assert.Contains("999999999", await (await client.PutAsJsonAsync("/api/v1/products/999999999", Body(Unique("NONE"))))
            .ProblemAsync(HttpStatusCode.NotFound));
        Assert.Contains("999999999", await (await client.GetAsync("/api/v1/products/999999999")).ProblemAsync(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task A_save_with_problems_names_each_field_as_the_body_does()
    {
        using var client = await App.NewApiClientAsync(Roles.Operator);
        var id = await CreateAsync(client, Body(Unique("FIELDS")));

        var response = await client.PutAsJsonAsync($"/api/v1/products/{id}", Body(Unique("FIELDS"), price: 1.005m, currency: "XYZ", quantity: -1));

        Assert.Equal(["price", "price.currency", "quantity"], await response.FieldErrorsAsync());
    }

    [Fact]
    public async Task The_list_pages_with_a_total_and_a_next_link_that_keeps_the_search()
    {
        using var client = await App.NewApiClientAsync(Roles.Viewer);
        using var writer = await App.NewApiClientAsync(Roles.Operator);
        var prefix = Unique("PAGE");
        foreach (var n in new[] { 1, 2, 3 })
        {
            await CreateAsync(writer, Body($"{prefix}-{n}"));
        }
        await CreateAsync(writer, Body(Unique("OTHER")));

        var first = await (await client.GetAsync($"/api/v1/products?search={prefix.ToLowerInvariant()}&pageSize=2")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(3, first["total"]!.GetValue<int>());
        Assert.Equal(2, first["items"]!.AsArray().Count);
        var next = first["next"]!.GetValue<string>();
        Assert.Contains("page=2", next);
        Assert.Contains($"search={prefix.ToLowerInvariant()}", next);
        var second = await (await client.GetAsync(next)).JsonAsync(HttpStatusCode.OK);
        Assert.Single(second["items"]!.AsArray());
        Assert.Null(second["next"]);
        var skus = first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(item => item!["sku"]!.GetValue<string>()).Order().ToList();
        Assert.Equal([$"{prefix}-1", $"{prefix}-2", $"{prefix}-3"], skus);
    }

    [Theory]
    [InlineData("-price", new[] { "B", "C", "A" })]
    [InlineData("price", new[] { "A", "C", "B" })]
    [InlineData("title", new[] { "A", "B", "C" })]
    [InlineData("createdAt", new[] { "C", "A", "B" })]
    [InlineData("-createdAt", new[] { "B", "A", "C" })]
    public async Task The_list_sorts_as_asked(string sort, string[] titles)
    {
        using var client = await App.NewApiClientAsync(Roles.Operator);
        var prefix = Unique("SORT");
        await CreateAsync(client, Body($"{prefix}-1", title: $"{prefix} C", price: 5m));
        await CreateAsync(client, Body($"{prefix}-2", title: $"{prefix} A", price: 1m));
        await CreateAsync(client, Body($"{prefix}-3", title: $"{prefix} B", price: 9m));

        var list = await (await client.GetAsync($"/api/v1/products?search={prefix}&sort={Uri.EscapeDataString(sort)}")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(titles.Select(title => $"{prefix} {title}"), list["items"]!.AsArray().Select(item => item!["title"]!.GetValue<string>()));
    }

    [Fact]
    public async Task An_unknown_sort_or_page_is_refused_naming_the_field()
    {
        using var client = await App.NewApiClientAsync(Roles.Viewer);

        Assert.Equal(["sort"], await (await client.GetAsync("/api/v1/products?sort=colour")).FieldErrorsAsync());
        Assert.Equal(["page", "pageSize"], await (await client.GetAsync("/api/v1/products?page=0&pageSize=501")).FieldErrorsAsync());
    }

    [Fact]
    public async Task A_Viewer_key_reads_but_does_not_write()
    {
        using var client = await App.NewApiClientAsync(Roles.Viewer);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/products")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJsonAsync("/api/v1/products", Body(Unique("VIEW")))).StatusCode);
    }
}
