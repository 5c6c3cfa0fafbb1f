using System.Globalization;
using FlipFlow.Domain.Market;
using FlipFlow.Domain.Quality;

namespace FlipFlow.Tests.Quality;

public sealed class QualityRuleTests
{
    [Theory]
    // good, total, target → count, rate, holds
    [InlineData(95, 100, 95.0, 5, 95.0, true)]
    [InlineData(94, 100, 95.0, 6, 94.0, false)]
    [InlineData(2, 3, 50.0, 1, 66.67, true)]
    // Nothing to measure holds.
    [InlineData(0, 0, 95.0, 0, 100.0, true)]
    public void At_least_counts_the_rest_and_holds_from_the_line_up(int good, int total, double target, int count, double rate, bool holds) =>
        Assert.Equal(new QualityMeasure(count, total, (decimal)rate, holds), QualityTargets.AtLeast(good, total, (decimal)target));

    [Theory]
    [InlineData(4, 100, 5.0, 4.0, true)]
    // Exactly on the line is not under it.
    [InlineData(5, 100, 5.0, 5.0, false)]
    [InlineData(0, 0, 5.0, 0.0, true)]
    public void Under_holds_only_below_the_line(int bad, int total, double target, double rate, bool holds) =>
        Assert.Equal(new QualityMeasure(bad, total, (decimal)rate, holds), QualityTargets.Under(bad, total, (decimal)target));

    [Theory]
    [InlineData(0, 10, true)]
    [InlineData(1, 10, false)]
    [InlineData(0, 0, true)]
    public void None_of_holds_only_at_zero(int bad, int total, bool holds) => Assert.Equal(holds, QualityTargets.NoneOf(bad, total).Holds);

    [Theory]
    // Prices, by id 1, 2, …; the ids found.
    // Ten at 10 and one at 1,000: the median is 10, σ ≈ 284.7, and 990 is over 3σ.
    [InlineData("10 10 10 10 10 10 10 10 10 10 1000", "11")]
    // Under ten listings only the floor applies: 1,000 stands, 0.49 does not.
    [InlineData("10 10 10 10 10 1000 0.49", "7")]
    // The floor is strict: 0.50 is a price.
    [InlineData("0.50 0.50", "")]
    // Spread prices, none far out.
    [InlineData("5 6 7 8 9 10 11 12 13 14", "")]
    // All alike: no deviation, nothing far.
    [InlineData("3 3 3 3 3 3 3 3 3 3 3 3", "")]
    // Low and high both far, and a cheap one in the same group.
    [InlineData("20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 0.10 900", "31 32")]
    public void Price_outliers_are_three_deviations_from_the_median_or_under_the_floor(string prices, string expected)
    {
        var group = prices.Split(' ').Select((price, index) => new PricedListing(index + 1, decimal.Parse(price, CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(expected, string.Join(' ', PriceOutliers.Find(group).Order()));
    }

    [Fact]
    public void A_duplicate_repeats_card_treatment_seller_format_price_and_currency_and_the_first_stands()
    {
        ListingLikeness Listing(long id, int card = 1, string? treatment = "Classic Paper", long seller = 7, MarketListingFormat format = MarketListingFormat.FixedPrice,
            decimal price = 5m, string currency = "USD") => new(id, card, treatment, seller, format, price, currency);
        var listings = new[]
        {
            Listing(3), Listing(1), Listing(9),
            // Each differs from those in one thing only.
            Listing(4, card: 2), Listing(5, treatment: "Classic Foil"), Listing(6, seller: 8), Listing(7, format: MarketListingFormat.Auction),
            Listing(8, price: 5.01m), Listing(10, currency: "EUR"),
            // Two without a treatment are alike too.
            Listing(11, treatment: null), Listing(12, treatment: null),
        };
        Assert.Equal([3, 9, 12], DuplicateListings.Find(listings).Order());
    }

    [Theory]
    [InlineData("Pokemon Charizard ex 199/165 SIR PSA 10", true)]
    [InlineData("Yu-Gi-Oh Blue-Eyes White Dragon LOB 1st Edition", true)]
    [InlineData("Wonders of the First Existence Zeus 043/401 Classic Foil", false)]
    public void Another_game_is_named_in_the_title(string title, bool other) => Assert.Equal(other, TitleParser.NamesOtherGame(TitleParser.Normalize(title)));

    [Theory]
    [InlineData("WOTF Zeus Classic Foil 043/401 x3", "Zeus", true)]
    [InlineData("Lot of 4 Zeus Classic Paper Wonders of the First", "Zeus", true)]
    [InlineData("Zeus playset Wonders of the First", "Zeus", true)]
    [InlineData("WOTF Zeus Classic Foil 043/401 NM", "Zeus", false)]
    // A name's own digits are not copies.
    [InlineData("Wonders of the First Carbon-X7 Synthforge Classic Foil", "Carbon-X7 Synthforge", false)]
    public void Several_cards_are_a_lot_bulk_or_copies(string title, string card, bool several) => Assert.Equal(several, TitleParser.NamesSeveralCards(TitleParser.Normalize(title), TitleParser.Normalize(card)));
}
