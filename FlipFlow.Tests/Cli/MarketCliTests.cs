using System.Text.Json;
using FlipFlow.Web.Cli;

namespace FlipFlow.Tests.Cli;

/// <summary>The <c>market</c>, <c>scanner</c> and <c>cards</c> verbs, each invocation in a host of its own.</summary>
[Trait("Category", "Integration")]
public sealed class MarketCliTests : CliTest
{
    [Fact]
    public async Task Parse_title_prints_exactly_the_parse_fields_with_the_vocabularys_words()
    {
        var parse = await JsonAsync("market", "parse-title", "PSA 10 Wonders of the First Existence Classic Foil Alt Art", "--json");

        Assert.Equal(["treatment", "grading", "quantity", "productType", "productSubtype", "bundlePackCount", "isBulkLot", "card", "confidence"],
            parse.EnumerateObject().Select(property => property.Name));
        Assert.Equal("Classic Foil Alt Art", parse.GetProperty("treatment").GetString());
        Assert.Equal("PSA 10", parse.GetProperty("grading").GetString());
        Assert.Equal("Single", parse.GetProperty("productType").GetString());
        Assert.Equal(1, parse.GetProperty("quantity").GetInt32());
        Assert.False(parse.GetProperty("isBulkLot").GetBoolean());
    }

    [Fact]
    public async Task Parse_title_names_the_card_from_the_catalogue_even_misspelled()
    {
        var parse = await JsonAsync("market", "parse-title", "wonders of the first AERIUS OF THALWIN 002/401 formless foil", "--json");

        var card = parse.GetProperty("card");
        Assert.Equal(["set", "number", "name", "rarity"], card.EnumerateObject().Select(property => property.Name));
        Assert.Equal(("Existence", "002/401", "Aerius of Thalwind", "Mythic"),
            (card.GetProperty("set").GetString(), card.GetProperty("number").GetString(), card.GetProperty("name").GetString(), card.GetProperty("rarity").GetString()));
        Assert.Equal("Formless Foil", parse.GetProperty("treatment").GetString());
        Assert.InRange(parse.GetProperty("confidence").GetDouble(), 0.6, 1.0);

        var words = await OkAsync("market", "parse-title", "Wonders of the First Existence 10 card bulk lot");
        Assert.Contains("Bulk lot        yes: left out of price figures", words);
    }

    [Fact]
    public async Task After_db_seed_demo_the_scanner_cards_and_market_listings_have_the_demo_market()
    {
        await OkAsync("db", "seed", "--demo");

        var scanner = await JsonAsync("scanner", "--json");
        Assert.Equal(30, scanner.GetProperty("windowDays").GetInt32());
        var rows = scanner.GetProperty("rows").EnumerateArray().ToList();
        Assert.True(rows.Count > 50, $"only {rows.Count} rows");
        Assert.Contains(rows, row => row.GetProperty("active").GetInt32() > 0 && row.GetProperty("sales").GetInt32() > 0);
        Assert.Contains(rows, row => row.GetProperty("medianPrice").ValueKind == JsonValueKind.Number && row.GetProperty("medianPrice").GetDecimal() > 0);
        Assert.All(rows.Where(row => row.GetProperty("sellThrough").ValueKind == JsonValueKind.Number),
            row => Assert.InRange(row.GetProperty("sellThrough").GetDecimal(), 0m, 1m));
        Assert.Equal(rows.Select(row => row.GetProperty("sales").GetInt32()).OrderDescending(), rows.Select(row => row.GetProperty("sales").GetInt32()));

        var blokpax = (await JsonAsync("scanner", "--platform", "Blokpax", "--window", "90", "--json")).GetProperty("rows").EnumerateArray().ToList();
        Assert.NotEmpty(blokpax);
        Assert.True(blokpax.Count < rows.Count * 2);

        var (badExit, _, bad) = await RunAsync("scanner", "--window", "0", "--treatment", "Gold Foil");
        Assert.Equal(FlipFlowCli.Failed, badExit);
        Assert.Contains("The window must be 1 to 365 days; 0 is not.", bad);
        Assert.Contains("'Gold Foil' is not a treatment", bad);

        var cards = (await JsonAsync("cards", "list", "--search", "thalwind", "--json")).EnumerateArray().ToList();
        Assert.Equal(["002/401 Aerius of Thalwind", "033/401 Marinus of Thalwind", "221/401 Vision of Thalwind"],
            cards.Select(printing => $"{printing.GetProperty("number").GetString()} {printing.GetProperty("name").GetString()}"));
        var top = rows.First(row => row.GetProperty("cardId").ValueKind == JsonValueKind.Number);
        var card = await JsonAsync("cards", "show", top.GetProperty("cardId").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        Assert.Equal(top.GetProperty("name").GetString(), card.GetProperty("card").GetProperty("name").GetString());
        Assert.NotEmpty(card.GetProperty("sales").EnumerateArray());
        Assert.Contains(card.GetProperty("treatments").GetProperty("rows").EnumerateArray(),
            row => row.GetProperty("sales").GetInt32() == top.GetProperty("sales").GetInt32() && row.GetProperty("treatment").GetString() == top.GetProperty("treatment").GetString());

        var listings = await JsonAsync("market", "listings", "--status", "Sold", "--page-size", "5", "--json");
        Assert.True(listings.GetProperty("total").GetInt32() > 1000);
        Assert.Equal(5, listings.GetProperty("listings").GetArrayLength());
        Assert.All(listings.GetProperty("listings").EnumerateArray(), listing => Assert.Equal("Sold", listing.GetProperty("status").GetString()));
        var (missingExit, _, missing) = await RunAsync("cards", "show", "999999");
        Assert.Equal(FlipFlowCli.Failed, missingExit);
        Assert.Contains("There is no card 999999", missing);
    }
}
