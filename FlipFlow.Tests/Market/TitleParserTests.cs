using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Catalog;

namespace FlipFlow.Tests.Market;

/// <summary>The title parser over the shipped "Existence" catalogue, on titles as sellers write them.</summary>
public sealed class TitleParserTests
{
    private static readonly TitleParser Parser = new(ExistenceCatalogue.Printings);

    [Theory]
    [InlineData("PSA 10 Wonders of the First Existence Classic Foil Alt Art", "Classic Foil Alt Art", "PSA 10")]
    [InlineData("WOTF Existence A-90 Plasma Detonator Formless Foil 143/401", "Formless Foil", null)]
    [InlineData("Wonders of the First Aerius of Thalwind STONEFOIL BGS 9.5", "Stonefoil", "BGS 9.5")]
    [InlineData("Wonders Existence Aerius of Thalwind OCM serialized /99 CGC 9.8", "OCM Serialized", "CGC 9.8")]
    [InlineData("Wonders of the First Aerius of Thalwind classic paper SGC10", "Classic Paper", "SGC 10")]
    [InlineData("Wonders of the First Aerius of Thalwind TAG 9.5 Prerelease", "Prerelease", "TAG 9.5")]
    [InlineData("Wonders of the First Aerius of Thalwind TAG slab", null, "TAG SLAB")]
    [InlineData("Wonders of the First Aerius of Thalwind graded 9 by Beckett-like grader", null, "GRADED")]
    [InlineData("Wonders of the First Aerius of Thalwind stag beetle sleeve", null, null)]
    [InlineData("Wonders of the First Aerius of Thalwind proof sample", "Proof/Sample", null)]
    [InlineData("Wonders of the First Aerius of Thalwind misprint error", "Error/Errata", null)]
    [InlineData("Wonders of the First Aerius of Thalwind", null, null)]
    public void The_treatment_and_grading_come_from_the_vocabulary(string title, string? treatment, string? grading)
    {
        var parse = Parser.Parse(title);

        Assert.Equal(treatment, parse.Treatment);
        Assert.Equal(grading, parse.Grading);
        Assert.Equal(MarketProductType.Single, parse.ProductType);
        Assert.False(parse.IsBulkLot);
    }

    [Theory]
    [InlineData("Wonders of the First Existence A-90 Plasma Detonator Foil", "143/401", "A-90 Plasma Detonator", "Rare")]
    [InlineData("wotf existence a-90 PLASMA detonator", "143/401", "A-90 Plasma Detonator", "Rare")]
    [InlineData("Wonders of the First \u201cBlossom\u2019s Bite\u201d foil", "008/401", "Blossom's Bite", null)]
    [InlineData("Wonders of the First Jan, the Magician", "028/401", "Jän, the Magician", null)]
    [InlineData("Wonders of the First Jän the Magician Alt Art Silver Pack Promo", "028/401", "Jän, the Magician", "1st Edition Silver Pack Alt Art Promo Mythic")]
    [InlineData("Wonders of the First Plasma Detonatr A-90 143/401", "143/401", "A-90 Plasma Detonator", "Rare")]
    [InlineData("Wonders of the First Aerius of Thalwnd mythic", "002/401", "Aerius of Thalwind", "Mythic")]
    public void The_card_is_found_by_name_tolerant_of_case_quotes_accents_and_misspellings(string title, string number, string name, string? rarity)
    {
        var parse = Parser.Parse(title);

        Assert.NotNull(parse.Card);
        Assert.Equal(number, parse.Card.Number);
        Assert.Equal(name, parse.Card.Name);
        if (rarity is not null)
        {
            Assert.Equal(rarity, parse.Card.Rarity);
        }
        Assert.InRange(parse.Confidence, 0.6, 1.0);
    }

    [Fact]
    public void Without_alt_art_in_the_title_the_base_printing_is_chosen_over_the_promo_that_shares_its_number()
    {
        var parse = Parser.Parse("Wonders of the First Jän, the Magician 028/401 Classic Foil");

        Assert.NotNull(parse.Card);
        Assert.DoesNotContain("Promo", parse.Card.Rarity, StringComparison.Ordinal);
        Assert.Equal("Classic Foil", parse.Treatment);
    }

    [Theory]
    [InlineData("Pokemon Charizard Base Set Holo PSA 9")]
    [InlineData("Magic the Gathering Black Lotus Alpha")]
    [InlineData("One Piece Luffy Alt Art Promo")]
    [InlineData("Punish the thief vintage poster")]
    public void Other_games_and_stray_words_name_no_card(string title)
    {
        var parse = Parser.Parse(title);

        Assert.Null(parse.Card);
        Assert.Equal(0, parse.Confidence);
    }

    [Theory]
    [InlineData("Pokemon Charizard Base Set Holo PSA 9", MarketProductType.Single)]
    [InlineData("One Piece Luffy Alt Art Promo", MarketProductType.Single)]
    [InlineData("Pokemon Scarlet Violet Booster Box Factory Sealed", MarketProductType.Box)]
    public void Other_games_get_no_treatment_from_this_games_vocabulary(string title, MarketProductType type)
    {
        var parse = Parser.Parse(title);

        Assert.Null(parse.Treatment);
        Assert.Equal(type, parse.ProductType);
    }

    [Theory]
    [InlineData("Wonders of the First Existence Collector Booster Box Factory Sealed", MarketProductType.Box, "Collector Booster Box", "Sealed", null)]
    [InlineData("Wonders of the First Existence Sealed Case of 6 Boxes", MarketProductType.Box, "Case", "Sealed", null)]
    [InlineData("WOTF Existence Blaster Box", MarketProductType.Box, "Blaster Box", "Sealed", null)]
    [InlineData("Existence Play Booster Box Sealed - Wonders of the First", MarketProductType.Box, "Booster Box", "Sealed", null)]
    [InlineData("Wonders of the First Existence Play Bundle 6 packs", MarketProductType.Bundle, "Play Bundle", "Sealed", 6)]
    [InlineData("Wonders of the First Serialized Advantage", MarketProductType.Box, "Serialized Advantage", "Sealed", null)]
    [InlineData("Wonders of the First Existence Starter Set", MarketProductType.Box, "Starter Set", "Sealed", null)]
    [InlineData("Wonders of the First Existence Collector Booster Pack", MarketProductType.Pack, "Collector Booster Pack", "Sealed", null)]
    [InlineData("Wonders of the First Existence Play Booster Pack", MarketProductType.Pack, "Play Booster Pack", "Sealed", null)]
    [InlineData("Wonders of the First Existence 1st Edition Silver Pack", MarketProductType.Pack, "Silver Pack", "Sealed", null)]
    [InlineData("Wonders of the First Existence Collector Booster Box OPEN BOX", MarketProductType.Box, "Collector Booster Box", "Open Box", null)]
    public void Sealed_products_are_typed_and_never_bulk(string title, MarketProductType type, string subtype, string treatment, int? packs)
    {
        var parse = Parser.Parse(title);

        Assert.Equal(type, parse.ProductType);
        Assert.Equal(subtype, parse.ProductSubtype);
        Assert.Equal(treatment, parse.Treatment);
        Assert.Equal(packs, parse.BundlePackCount);
        Assert.False(parse.IsBulkLot);
        Assert.Null(parse.Card);
    }

    [Theory]
    [InlineData("Wonders of the First 100 random cards bulk", "Bulk")]
    [InlineData("Wonders of the First Existence commons playset", "Bulk")]
    [InlineData("Lot of 5 Wonders of the First Aerius of Thalwind", "Lot")]
    [InlineData("Wonders of the First mystery repack", "Bulk")]
    public void Lots_playsets_and_random_cards_are_bulk_lots_with_no_card(string title, string subtype)
    {
        var parse = Parser.Parse(title);

        Assert.Equal(MarketProductType.Lot, parse.ProductType);
        Assert.Equal(subtype, parse.ProductSubtype);
        Assert.True(parse.IsBulkLot);
        Assert.Null(parse.Card);
    }

    [Theory]
    [InlineData("Wonders of the First Aerius of Thalwind x3", 3)]
    [InlineData("Wonders of the First Aerius of Thalwind 4x foil", 4)]
    [InlineData("2025 Wonders of the First Aerius of Thalwind", 1)]
    [InlineData("Wonders of the First Astrox A-10 Mythic", 1)]
    [InlineData("Wonders of the First Carbon-X7 Synthforge", 1)]
    [InlineData("Lot of 5 Wonders of the First Aerius of Thalwind", 5)]
    public void Quantity_is_one_unless_the_title_counts_copies_and_years_and_names_are_not_counts(string title, int quantity)
    {
        Assert.Equal(quantity, Parser.Parse(title).Quantity);
    }

    [Theory]
    [InlineData("Wonders of the First Astrox A-10 Mythic", "Astrox A-10")]
    [InlineData("Wonders of the First Carbon-X7 Synthforge", "Carbon-X7 Synthforge")]
    public void Names_with_an_x_and_digits_are_found(string title, string name)
    {
        Assert.Equal(name, Parser.Parse(title).Card?.Name);
    }
}
