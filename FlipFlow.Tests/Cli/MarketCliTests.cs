using System.Text.Json;
using FlipFlow.Web.Cli;

namespace FlipFlow.Tests.Cli;

/// <summary>
/// <c>market parse-title</c>, each invocation in a host of its own. The verbs over the demo market are checked against the API
/// in MarketApiTests, on one seeded database.
/// </summary>
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
    public async Task A_bad_scanner_query_or_an_unknown_card_fails_with_the_reason()
    {
        var (badExit, _, bad) = await RunAsync("scanner", "--window", "0", "--treatment", "Gold Foil");
        Assert.Equal(FlipFlowCli.Failed, badExit);
        Assert.Contains("The window must be 1 to 365 days; 0 is not.", bad);
        Assert.Contains("'Gold Foil' is not a treatment", bad);

        var (missingExit, _, missing) = await RunAsync("cards", "show", "999999");
        Assert.Equal(FlipFlowCli.Failed, missingExit);
        Assert.Contains("There is no card 999999", missing);

        var empty = await JsonAsync("scanner", "--json");
        Assert.Empty(empty.GetProperty("rows").EnumerateArray());
    }
}
