using FlipFlow.Domain.Market;
using FlipFlow.Domain.Sellers;

namespace FlipFlow.Tests.Sellers;

public sealed class SellerIdentityTests
{
    private const string Wallet = "0x3f2a9c1d3f2a9c1d3f2a9c1d3f2a9c1d3f2a9c1d";

    [Theory]
    [InlineData(MarketPlatform.Ebay, null)]
    [InlineData(MarketPlatform.Ebay, "")]
    [InlineData(MarketPlatform.Ebay, "   ")]
    [InlineData(MarketPlatform.Blokpax, "\t\n")]
    [InlineData(MarketPlatform.ShootStrayt, " ")]
    public void No_text_on_any_platform_is_no_seller(MarketPlatform platform, string? raw) =>
        Assert.Equal(new SellerIdentityRead(null, SellerIdentityRule.NoText), SellerIdentityRule.Read(platform, raw));

    [Theory]
    [InlineData("dadcandoit  99.8% positive (1.2K)Top Rated Plus", "dadcandoit", "dadcandoit", 1200, 99.8, "Top Rated Plus")]
    [InlineData("dadcandoit  99.8% positive (1.2K)Top Rated PlusSellers with highest buyer ratings…", "dadcandoit", "dadcandoit", 1200, 99.8, "Top Rated Plus")]
    [InlineData("dadcandoit  99.8% positive (1.2K) Top Rated Seller", "dadcandoit", "dadcandoit", 1200, 99.8, "Top Rated Seller")]
    [InlineData("Card_Shack 100% positive (12)", "card_shack", "Card_Shack", 12, 100.0, null)]
    [InlineData("cards4u  98.1% positive (12K)", "cards4u", "cards4u", 12000, 98.1, null)]
    [InlineData("bigbox  99.9% positive (532) and any trailing text", "bigbox", "bigbox", 532, 99.9, null)]
    [InlineData("megaseller 99.2% positive (1.1M)", "megaseller", "megaseller", 1100000, 99.2, null)]
    [InlineData("megaseller 99.2% positive (2M)", "megaseller", "megaseller", 2000000, 99.2, null)]
    [InlineData("  Spaced.Out  97% positive (3.4k) ", "spaced.out", "Spaced.Out", 3400, 97.0, null)]
    public void An_ebay_feedback_blob_gives_the_name_score_percent_and_badge(string raw, string id, string display, int score, double percent, string? badge) =>
        Assert.Equal(new SellerIdentity(MarketPlatform.Ebay, id, display, score, (decimal)percent, badge), SellerIdentityRule.Read(MarketPlatform.Ebay, raw).Identity);

    [Theory]
    [InlineData("OldTimer (5432) 99.5%", "oldtimer", "OldTimer", 5432, 99.5)]
    [InlineData("oldtimer (5432)", "oldtimer", "oldtimer", 5432, null)]
    [InlineData("oldtimer(87) 100%", "oldtimer", "oldtimer", 87, 100.0)]
    public void The_older_ebay_form_gives_the_score_and_any_percent(string raw, string id, string display, int score, double? percent) =>
        Assert.Equal(new SellerIdentity(MarketPlatform.Ebay, id, display, score, (decimal?)percent), SellerIdentityRule.Read(MarketPlatform.Ebay, raw).Identity);

    [Theory]
    [InlineData("/usr/Some_Seller", "some_seller", "Some_Seller")]
    [InlineData("/usr/name?_trksid=p2047675.m3561.l2559", "name", "name")]
    [InlineData("/usr/name#feedback", "name", "name")]
    [InlineData("https://www.ebay.com/usr/Some_Seller?_trksid=p2047675.m3561.l2559", "some_seller", "Some_Seller")]
    [InlineData("https://www.ebay.com/usr/card.kingdom-99/", "card.kingdom-99", "card.kingdom-99")]
    public void An_ebay_user_link_gives_the_name_and_no_feedback(string raw, string id, string display) =>
        Assert.Equal(new SellerIdentity(MarketPlatform.Ebay, id, display, null, null), SellerIdentityRule.Read(MarketPlatform.Ebay, raw).Identity);

    [Theory]
    [InlineData("Card.Kingdom-99", "card.kingdom-99", "Card.Kingdom-99")]
    [InlineData(" TOP_cards*1 ", "top_cards*1", "TOP_cards*1")]
    [InlineData("ab", "ab", "ab")]
    public void A_bare_ebay_username_is_lower_cased(string raw, string id, string display) =>
        Assert.Equal(new SellerIdentity(MarketPlatform.Ebay, id, display, null, null), SellerIdentityRule.Read(MarketPlatform.Ebay, raw).Identity);

    [Fact]
    public void A_name_of_the_longest_length_is_read() =>
        Assert.Equal(new string('a', 64), SellerIdentityRule.Read(MarketPlatform.Ebay, new string('A', 64)).Identity?.SellerId);

    [Theory]
    [InlineData("p4429486.m3561.l161211", SellerIdentityRule.TrackingParameter)]
    [InlineData("p2047675.m3561", SellerIdentityRule.TrackingParameter)]
    [InlineData("P2047675.M3561.L2559", SellerIdentityRule.TrackingParameter)]
    [InlineData("_trksid=p2047675.m3561.l2559", SellerIdentityRule.TrackingParameter)]
    [InlineData("/usr/p2047675.m3561", SellerIdentityRule.TrackingParameter)]
    [InlineData("card shack", SellerIdentityRule.BadCharacters)]
    [InlineData("card shack  99.8% positive (1.2K)Top Rated PlusSellers with highest buyer ratings and a long tail", SellerIdentityRule.BadCharacters)]
    [InlineData("cards@home", SellerIdentityRule.BadCharacters)]
    [InlineData("cards&more", SellerIdentityRule.BadCharacters)]
    [InlineData("dad's_cards", SellerIdentityRule.BadCharacters)]
    [InlineData("<script>", SellerIdentityRule.BadCharacters)]
    [InlineData("cards(uk)", SellerIdentityRule.BadCharacters)]
    [InlineData("cards🔥", SellerIdentityRule.BadCharacters)]
    [InlineData("/usr/card%20shack", SellerIdentityRule.BadCharacters)]
    [InlineData("a", SellerIdentityRule.TooShort)]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", SellerIdentityRule.TooLong)]
    public void Ebay_text_that_is_no_username_is_rejected_with_its_reason(string raw, string rejection) =>
        Assert.Equal(new SellerIdentityRead(null, rejection), SellerIdentityRule.Read(MarketPlatform.Ebay, raw));

    [Theory]
    [InlineData("name 99.8% positive (99999999999)")]
    [InlineData("name 99.8% positive (99999999999999999999999999M)")]
    [InlineData("name (1.2.3)")]
    public void A_score_too_big_or_unreadable_is_no_score(string raw)
    {
        var identity = SellerIdentityRule.Read(MarketPlatform.Ebay, raw).Identity;

        Assert.Equal("name", identity?.SellerId);
        Assert.Null(identity?.FeedbackScore);
    }

    [Theory]
    [InlineData(Wallet, Wallet)]
    [InlineData("0X3F2A9C1D3F2A9C1D3F2A9C1D3F2A9C1D3F2A9C1D", Wallet)]
    [InlineData("  0x3F2a9C1d3f2A9c1D3f2a9c1d3f2a9c1d3f2a9c1d ", Wallet)]
    public void A_blokpax_wallet_is_its_lower_cased_address(string raw, string address) =>
        Assert.Equal(new SellerIdentity(MarketPlatform.Blokpax, address, address, null, null), SellerIdentityRule.Read(MarketPlatform.Blokpax, raw).Identity);

    [Theory]
    [InlineData("0x3f2a…9c1d")]
    [InlineData("0x3f2a9c1d")]
    [InlineData("0x3f2a9c1d3f2a9c1d3f2a9c1d3f2a9c1d3f2a9c1d00")]
    [InlineData("0x3f2a9c1d3f2a9c1d3f2a9c1d3f2a9c1d3f2a9cZZ")]
    [InlineData("0x")]
    public void A_blokpax_wallet_that_is_not_whole_is_rejected(string raw) =>
        Assert.Equal(new SellerIdentityRead(null, SellerIdentityRule.ShortWallet), SellerIdentityRule.Read(MarketPlatform.Blokpax, raw));

    [Theory]
    [InlineData("Vault_Keeper.io", "vault_keeper.io", "Vault_Keeper.io", null)]
    [InlineData("slab-hunter", "slab-hunter", "slab-hunter", null)]
    [InlineData("vault keeper", null, null, SellerIdentityRule.BadCharacters)]
    [InlineData("vault*keeper", null, null, SellerIdentityRule.BadCharacters)]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", null, null, SellerIdentityRule.TooLong)]
    public void A_blokpax_username_is_lower_cased_or_rejected(string raw, string? id, string? display, string? rejection) =>
        Assert.Equal(new SellerIdentityRead(id is null ? null : new SellerIdentity(MarketPlatform.Blokpax, id, display!, null, null), rejection),
            SellerIdentityRule.Read(MarketPlatform.Blokpax, raw));

    [Theory]
    [InlineData("  Cool Shop ", "cool shop", "Cool Shop", null)]
    [InlineData("Dad's Cards & Co. 🔥", "dad's cards & co. 🔥", "Dad's Cards & Co. 🔥", null)]
    [InlineData("shop\u0007name", null, null, SellerIdentityRule.BadCharacters)]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", null, null, SellerIdentityRule.TooLong)]
    public void A_shootstrayt_shop_is_the_trimmed_lower_cased_text(string raw, string? id, string? display, string? rejection) =>
        Assert.Equal(new SellerIdentityRead(id is null ? null : new SellerIdentity(MarketPlatform.ShootStrayt, id, display!, null, null), rejection),
            SellerIdentityRule.Read(MarketPlatform.ShootStrayt, raw));

    [Fact]
    public void A_read_identity_is_read_and_a_rejection_is_not()
    {
        Assert.True(SellerIdentityRule.Read(MarketPlatform.Ebay, "dadcandoit").IsRead);
        Assert.False(SellerIdentityRule.Read(MarketPlatform.Ebay, "p2047675.m3561").IsRead);
    }
}
