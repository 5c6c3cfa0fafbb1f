using FlipFlow.Domain.Market;
using FlipFlow.Domain.Skus;
using FlipFlow.Infrastructure.Catalog;

namespace FlipFlow.Tests.Skus;

/// <summary>The SKU resolver over the shipped "Existence" catalogue, on SKUs as sellers write them.</summary>
public sealed class SkuResolverTests
{
    private static readonly SkuResolver Resolver = new(ExistenceCatalogue.Printings);

    private const string Promo = "1st Edition Silver Pack Alt Art Promo Mythic";

    [Theory]
    [InlineData("WOTF-EXISTENCE-143-RAR-CP", "143/401", "Rare", "Classic Paper")]
    [InlineData("wotf_existence_143_rar_cp", "143/401", "Rare", "Classic Paper")]
    [InlineData("WOTF-EXISTENCE-143/401-RAR-CF", "143/401", "Rare", "Classic Foil")]
    [InlineData("WOTF-EXISTENCE-0143-RAR-FF", "143/401", "Rare", "Formless Foil")]
    [InlineData("WOTF-EXISTENCE-002-MYT-OCM", "002/401", "Mythic", "OCM Serialized")]
    [InlineData("WOTF-EXISTENCE-002-MYT-SF", "002/401", "Mythic", "Stonefoil")]
    [InlineData("WOTF-EXISTENCE-001-COM-PR", "001/401", "Common", "Prerelease")]
    [InlineData("WOTF-EXISTENCE-001-COM-PRO", "001/401", "Common", "Promo")]
    [InlineData("WOTF-EXISTENCE-402-SEC-CF", "402/401", "Secret Mythic", "Classic Foil")]
    [InlineData("WOTF-EXISTENCE-028-MYT-CF-AA", "028/401", Promo, "Classic Foil Alt Art")]
    [InlineData("WOTF-EXISTENCE-P-028-MYT-CP", "028/401", Promo, "Classic Paper")]
    [InlineData("WOTF-EXISTENCE-P028-CP", "028/401", Promo, "Classic Paper")]
    [InlineData("WOTF-EX-143-NM", "143/401", "Rare", null)]
    [InlineData("WOTF-EX-143-CF-LP", "143/401", "Rare", "Classic Foil")]
    public void A_structured_SKU_that_names_one_printing_is_mapped(string sku, string number, string rarity, string? treatment)
    {
        var resolution = Resolver.Resolve(MarketPlatform.ShootStrayt, sku);

        Assert.Equal(SkuStatus.Mapped, resolution.Status);
        Assert.Equal((number, rarity, treatment), (resolution.Card!.Number, resolution.Card.Rarity, resolution.Treatment));
        Assert.True(resolution.Confidence >= SkuResolver.SureConfidence);
        Assert.Null(resolution.RunnerUp);
    }

    [Theory]
    // A number shared by a base card and its alt-art promo, with nothing to tell them apart.
    [InlineData("WOTF-EXISTENCE-028-MYT-CP", "Mythic", "alt-art promo")]
    [InlineData("WOTF-EX-028-NM", "Mythic", "alt-art promo")]
    // LEG and GOD match no rarity of the catalogue: they never decide.
    [InlineData("WOTF-EXISTENCE-143-LEG-CP", "Rare", "LEG matches no rarity")]
    [InlineData("WOTF-EXISTENCE-143-GOD-CP", "Rare", "GOD matches no rarity")]
    // A rarity that contradicts the card at the number.
    [InlineData("WOTF-EXISTENCE-143-COM-CP", "Rare", "rarity is Common")]
    // An unknown treatment code is kept for the operator.
    [InlineData("WOTF-EXISTENCE-143-RAR-XF", "Rare", "\"XF\" is not a code")]
    // A seller's SKU that names a rarity but no treatment.
    [InlineData("WOTF-EXISTENCE-143-RAR", "Rare", "names no treatment")]
    // A promo number where there is no promo.
    [InlineData("WOTF-EXISTENCE-P-143-RAR-CP", "Rare", "no alt-art promo")]
    public void A_SKU_the_resolver_is_not_sure_of_goes_to_review_with_its_reason(string sku, string rarity, string reason)
    {
        var resolution = Resolver.Resolve(MarketPlatform.ShootStrayt, sku);

        Assert.Equal(SkuStatus.Review, resolution.Status);
        Assert.Equal(rarity, resolution.Card!.Rarity);
        Assert.Contains(reason, resolution.Reason, StringComparison.OrdinalIgnoreCase);
        // Below sure, so approving everything at or above a sure threshold never sweeps it up.
        Assert.True(resolution.Confidence < SkuResolver.SureConfidence, $"{sku} is in review with confidence {resolution.Confidence}.");
    }

    [Fact]
    public void A_shared_number_proposes_the_base_card_with_its_alt_art_promo_as_the_runner_up()
    {
        var resolution = Resolver.Resolve(MarketPlatform.ShootStrayt, "WOTF-EXISTENCE-028-MYT-CP");

        Assert.Equal(("028/401", "Mythic"), (resolution.Card!.Number, resolution.Card.Rarity));
        Assert.Equal(("028/401", Promo), (resolution.RunnerUp!.Number, resolution.RunnerUp.Rarity));
        Assert.Equal(0.5, resolution.Confidence);
    }

    [Fact]
    public void An_unknown_code_is_kept()
    {
        var resolution = Resolver.Resolve(MarketPlatform.ShootStrayt, "WOTF-EXISTENCE-143-RAR-XF");

        Assert.Equal("XF", resolution.UnknownCode);
        Assert.Null(resolution.Treatment);
    }

    [Theory]
    [InlineData("WOTF-GENESIS-001-COM-CP", "set \"GENESIS\" is not in the card catalogue")]
    [InlineData("WOTF-EXISTENCE-999-COM-CP", "no card numbered 999")]
    [InlineData("WOTF-EXISTENCE-ABC-COM-CP", "no collector number")]
    [InlineData("BOX-0042", "Neither the SKU nor the title names a card")]
    [InlineData("", "Neither the SKU nor the title names a card")]
    public void A_SKU_that_names_no_card_is_unmapped_with_its_reason(string sku, string reason)
    {
        var resolution = Resolver.Resolve(MarketPlatform.Ebay, sku);

        Assert.Equal(SkuStatus.Unmapped, resolution.Status);
        Assert.Null(resolution.Card);
        Assert.Contains(reason, resolution.Reason);
    }

    [Theory]
    [InlineData("Aerius-of-Thalwind-Classic-Foil", null, "002/401", "Classic Foil")]
    [InlineData("A90-PLASMA-143", "Wonders of the First A-90 Plasma Detonator Formless Foil 143/401", "143/401", "Formless Foil")]
    public void A_SKU_without_structure_is_read_for_a_cards_name_first_in_itself_then_in_the_title(string sku, string? title, string number, string treatment)
    {
        var resolution = Resolver.Resolve(MarketPlatform.Ebay, sku, title);

        Assert.Equal(SkuStatus.Mapped, resolution.Status);
        Assert.Equal((number, treatment), (resolution.Card!.Number, resolution.Treatment));
    }

    [Fact]
    public void A_name_printed_as_a_card_and_its_alt_art_promo_goes_to_review_unless_alt_art_is_named()
    {
        var plain = Resolver.Resolve(MarketPlatform.Ebay, "Wonders Jän, the Magician classic paper");
        var altArt = Resolver.Resolve(MarketPlatform.Ebay, "Wonders Jän, the Magician alt art classic paper");

        Assert.Equal((SkuStatus.Review, "Mythic"), (plain.Status, plain.Card!.Rarity));
        Assert.Equal(Promo, plain.RunnerUp!.Rarity);
        Assert.Equal((SkuStatus.Mapped, Promo), (altArt.Status, altArt.Card!.Rarity));
    }
}
