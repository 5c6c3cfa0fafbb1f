using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using FlipFlow.Domain.Users;
using FlipFlow.Tests.Support;

namespace FlipFlow.Tests.Api;

/// <summary>The market's endpoints over the demo market, each answer against the verb that prints the same.</summary>
[Trait("Category", "Integration")]
public sealed class MarketApiTests(DemoApiApp demo) : IClassFixture<DemoApiApp>
{
    private static string Row(JsonNode row) =>
        $"{row["cardId"]}|{row["name"]}|{row["treatment"]}|{row["active"]}|{row["sales"]}|{row["sellThrough"]}|{row["sellers"]}";

    [Fact]
    public async Task The_scanner_answers_the_rows_the_verb_prints_with_sell_through_between_zero_and_one()
    {
        using var client = await demo.App.NewApiClientAsync(Roles.Viewer);

        var answer = await (await client.GetAsync("/api/v1/scanner")).JsonAsync(HttpStatusCode.OK);
        var printed = JsonNode.Parse(await demo.CliAsync("scanner", "--json"))!;

        var rows = answer["rows"]!.AsArray().Select(row => row!).ToList();
        Assert.True(rows.Count > 50, $"only {rows.Count} rows");
        Assert.Equal(printed["rows"]!.AsArray().Select(row => Row(row!)), rows.Select(Row));
        Assert.All(rows.Where(row => row["sellThrough"] is not null), row => Assert.InRange(row["sellThrough"]!.GetValue<decimal>(), 0m, 1m));
        var priced = rows.First(row => row["medianPrice"] is not null);
        Assert.True(priced["medianPrice"]!["amount"]!.GetValue<decimal>() > 0);
        Assert.Equal(3, priced["medianPrice"]!["currency"]!.GetValue<string>().Length);

        var foil = await (await client.GetAsync("/api/v1/scanner?window=90&treatment=Classic%20Foil&platform=ebay")).JsonAsync(HttpStatusCode.OK);
        Assert.NotEmpty(foil["rows"]!.AsArray());
        Assert.All(foil["rows"]!.AsArray(), row => Assert.Equal("Classic Foil", row!["treatment"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_bad_scanner_query_is_a_400_naming_each_field()
    {
        using var client = await demo.App.NewApiClientAsync(Roles.Viewer);

        var fields = await (await client.GetAsync("/api/v1/scanner?window=400&treatment=Gold&productType=Poster&platform=etsy&rarity=Shiny")).FieldErrorsAsync();

        Assert.Equal(["platform", "productType", "rarity", "treatment", "window"], fields);
    }

    [Fact]
    public async Task Cards_are_searched_and_paged_and_a_card_answers_its_treatments_sales_and_listings()
    {
        using var client = await demo.App.NewApiClientAsync(Roles.Viewer);

        var found = await (await client.GetAsync("/api/v1/cards?search=thalwind")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, found["total"]!.GetValue<int>());
        Assert.Equal(["Aerius of Thalwind", "Marinus of Thalwind", "Vision of Thalwind"], found["items"]!.AsArray().Select(card => card!["name"]!.GetValue<string>()));
        var page = await (await client.GetAsync("/api/v1/cards?pageSize=100&page=2")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(437, page["total"]!.GetValue<int>());
        Assert.Equal(100, page["items"]!.AsArray().Count);
        Assert.Equal("/api/v1/cards?pageSize=100&page=3", page["next"]!.GetValue<string>());

        var scanner = JsonNode.Parse(await demo.CliAsync("scanner", "--json"))!["rows"]!.AsArray();
        var top = scanner.First(row => row!["cardId"] is not null)!;
        var id = top["cardId"]!.GetValue<int>();
        var card = await (await client.GetAsync($"/api/v1/cards/{id}")).JsonAsync(HttpStatusCode.OK);
        var shown = JsonNode.Parse(await demo.CliAsync("cards", "show", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json"))!;
        Assert.Equal(top["name"]!.GetValue<string>(), card["name"]!.GetValue<string>());
        Assert.Contains(card["treatments"]!.AsArray(), row => Row(row!) == Row(top));
        Assert.Equal(shown["sales"]!.AsArray().Count, card["sales"]!.AsArray().Count);
        Assert.NotEmpty(card["sales"]!.AsArray());
        Assert.Equal(shown["observations"]!.AsArray().Select(listing => listing!["id"]!.GetValue<long>()),
            card["listings"]!.AsArray().Select(listing => listing!["id"]!.GetValue<long>()));

        Assert.Equal("There is no card 999999.", await (await client.GetAsync("/api/v1/cards/999999")).ProblemAsync(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Market_listings_are_filtered_and_paged_as_the_verb_lists_them()
    {
        using var client = await demo.App.NewApiClientAsync(Roles.Viewer);

        var sold = await (await client.GetAsync("/api/v1/market/listings?status=sold&platform=Blokpax&pageSize=5")).JsonAsync(HttpStatusCode.OK);
        var printed = JsonNode.Parse(await demo.CliAsync("market", "listings", "--status", "Sold", "--platform", "Blokpax", "--page-size", "5", "--json"))!;

        Assert.True(sold["total"]!.GetValue<int>() > 100);
        Assert.Equal(printed["total"]!.GetValue<int>(), sold["total"]!.GetValue<int>());
        Assert.Equal(printed["listings"]!.AsArray().Select(listing => listing!["id"]!.GetValue<long>()),
            sold["items"]!.AsArray().Select(listing => listing!["id"]!.GetValue<long>()));
        Assert.All(sold["items"]!.AsArray(), listing =>
        {
            Assert.Equal(("Sold", "Blokpax"), (listing!["status"]!.GetValue<string>(), listing["platform"]!.GetValue<string>()));
            Assert.NotNull(listing["price"]!["currency"]);
        });
        Assert.Equal(["status"], await (await client.GetAsync("/api/v1/market/listings?status=Bogus")).FieldErrorsAsync());

        var imports = await (await client.GetAsync("/api/v1/market/imports")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonNode.Parse(await demo.CliAsync("market", "imports", "--json"))!.AsArray().Count, imports.AsArray().Count);
    }
}
