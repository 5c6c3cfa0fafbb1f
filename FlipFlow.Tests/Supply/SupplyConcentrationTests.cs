using System.Globalization;
using FlipFlow.Domain.Supply;

namespace FlipFlow.Tests.Supply;

public sealed class SupplyConcentrationTests
{
    /// <summary>One row per quantity, seller ids 1, 2, … and names S1, S2, ….</summary>
    private static Concentration OfQuantities(int[] quantities) =>
        SupplyConcentration.Of(quantities.Select((quantity, index) => new SellerSupply(index + 1, $"S{index + 1}", quantity)));

    /// <summary>Rows written "id:name:quantity", separated by "|".</summary>
    private static Concentration OfRows(string rows) =>
        SupplyConcentration.Of(rows.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(row =>
        {
            var fields = row.Split(':');
            return new SellerSupply(long.Parse(fields[0], CultureInfo.InvariantCulture), fields[1], int.Parse(fields[2], CultureInfo.InvariantCulture));
        }));

    /// <summary>The top sellers written "id name quantity share", separated by ", ".</summary>
    private static string Top(Concentration concentration) => string.Join(", ", concentration.Top.Select(seller =>
        string.Create(CultureInfo.InvariantCulture, $"{seller.SellerId} {seller.SellerName} {seller.Quantity} {seller.Share}")));

    [Theory]
    // One seller holds it all: 100² = 10,000.
    [InlineData(new[] { 7 }, 1, 7, 10000.0, ConcentrationLevel.HighlyConcentrated)]
    // Four equal: 4 × 25² = 2,500, the top of the moderate band.
    [InlineData(new[] { 1, 1, 1, 1 }, 4, 4, 2500.0, ConcentrationLevel.ModeratelyConcentrated)]
    [InlineData(new[] { 3, 3, 3, 3 }, 4, 12, 2500.0, ConcentrationLevel.ModeratelyConcentrated)]
    // Ten equal: 10 × 10² = 1,000.
    [InlineData(new[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 }, 10, 10, 1000.0, ConcentrationLevel.Unconcentrated)]
    // Sixteen equal: 16 × 6.25² = 625.
    [InlineData(new[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 }, 16, 16, 625.0, ConcentrationLevel.Unconcentrated)]
    // 60/30/10: 3,600 + 900 + 100 = 4,600, whatever the scale.
    [InlineData(new[] { 60, 30, 10 }, 3, 100, 4600.0, ConcentrationLevel.HighlyConcentrated)]
    [InlineData(new[] { 6, 3, 1 }, 3, 10, 4600.0, ConcentrationLevel.HighlyConcentrated)]
    [InlineData(new[] { 1, 3, 6 }, 3, 10, 4600.0, ConcentrationLevel.HighlyConcentrated)]
    // Two equal: 2 × 50² = 5,000.
    [InlineData(new[] { 5, 5 }, 2, 10, 5000.0, ConcentrationLevel.HighlyConcentrated)]
    // 30/20/20/10/10/10: 900 + 2 × 400 + 3 × 100 = 2,000.
    [InlineData(new[] { 3, 2, 2, 1, 1, 1 }, 6, 10, 2000.0, ConcentrationLevel.ModeratelyConcentrated)]
    public void Hhi_is_the_sum_of_squared_percent_shares(int[] quantities, int sellers, int total, double hhi, ConcentrationLevel level)
    {
        var concentration = OfQuantities(quantities);

        Assert.Equal(sellers, concentration.Sellers);
        Assert.Equal(total, concentration.TotalQuantity);
        Assert.Equal(hhi, concentration.Hhi);
        Assert.Equal(level, concentration.Level);
    }

    [Fact]
    public void Four_equal_sellers_are_moderately_concentrated_at_2500()
    {
        var concentration = OfQuantities([2, 2, 2, 2]);

        Assert.Equal(2500.0, concentration.Hhi);
        Assert.Equal(ConcentrationLevel.ModeratelyConcentrated, concentration.Level);
        Assert.Equal("moderately concentrated", SupplyConcentration.Label(concentration.Level));
    }

    [Theory]
    // 10/10/15/15/15/15/20: 2 × 100 + 4 × 225 + 400 = 1,500 exactly, the bottom of the moderate band.
    [InlineData(new[] { 2, 2, 3, 3, 3, 3, 4 }, 1500.0, ConcentrationLevel.ModeratelyConcentrated)]
    // The same sellers with the largest one short or over by a 400th: 1,499.50… and 1,500.50….
    [InlineData(new[] { 200, 200, 300, 300, 300, 300, 399 }, 1499.5, ConcentrationLevel.Unconcentrated)]
    [InlineData(new[] { 200, 200, 300, 300, 300, 300, 401 }, 1500.5, ConcentrationLevel.ModeratelyConcentrated)]
    // 4 × 25² = 2,500 exactly, the top of the moderate band; 10/10/10/11 is 4,210,000 / 1,681 = 2,504.46….
    [InlineData(new[] { 5, 5, 5, 5 }, 2500.0, ConcentrationLevel.ModeratelyConcentrated)]
    [InlineData(new[] { 10, 10, 10, 11 }, 2504.5, ConcentrationLevel.HighlyConcentrated)]
    // 1,499.995… and 2,500.0004… both round to the boundary, and the band follows the figure shown.
    [InlineData(new[] { 20000, 20000, 30000, 30000, 30000, 30000, 39999 }, 1500.0, ConcentrationLevel.ModeratelyConcentrated)]
    [InlineData(new[] { 1000, 1000, 1000, 1001 }, 2500.0, ConcentrationLevel.ModeratelyConcentrated)]
    public void The_bands_meet_at_1500_and_2500_both_moderate(int[] quantities, double hhi, ConcentrationLevel level)
    {
        var concentration = OfQuantities(quantities);

        Assert.Equal(hhi, concentration.Hhi);
        Assert.Equal(level, concentration.Level);
    }

    [Theory]
    // Thirds: 3 × 33.33…² = 3,333.33….
    [InlineData(new[] { 1, 1, 1 }, 3333.3, "1 S1 1 33.3, 2 S2 1 33.3, 3 S3 1 33.3")]
    // Two thirds and one: 4,444.44… + 1,111.11… = 5,555.55….
    [InlineData(new[] { 1, 2 }, 5555.6, "2 S2 2 66.7, 1 S1 1 33.3")]
    // Sixteenths: 6.25 and 93.75 round up to 6.3 and 93.8; 39.0625 + 8,789.0625 = 8,828.125 rounds down.
    [InlineData(new[] { 1, 15 }, 8828.1, "2 S2 15 93.8, 1 S1 1 6.3")]
    // 2 × 6.25² + 2 × 43.75² = 3,906.25: a half, rounded up (not to even).
    [InlineData(new[] { 1, 1, 7, 7 }, 3906.3, "3 S3 7 43.8, 4 S4 7 43.8, 1 S1 1 6.3, 2 S2 1 6.3")]
    // 1/8 = 12.5 exactly and 7/8 = 87.5: no rounding at all.
    [InlineData(new[] { 1, 7 }, 7812.5, "2 S2 7 87.5, 1 S1 1 12.5")]
    // 0.15 of the total: exactly 15.0, not 14.999… from floating-point division.
    [InlineData(new[] { 3, 17 }, 7450.0, "2 S2 17 85, 1 S1 3 15")]
    public void Shares_and_hhi_are_rounded_to_one_decimal_halves_up(int[] quantities, double hhi, string top)
    {
        var concentration = OfQuantities(quantities);

        Assert.Equal(hhi, concentration.Hhi);
        Assert.Equal(top, Top(concentration));
    }

    [Theory]
    // By quantity: 9/31 = 29.03…, 7/31 = 22.58…, 5/31 = 16.12…, 4/31 = 12.90…, 3/31 = 9.67…; Fay and Bob are sixth and seventh.
    [InlineData("1:Ann:5|2:Bob:1|3:Cid:9|4:Dee:3|5:Eve:7|6:Fay:2|7:Gus:4", "3 Cid 9 29, 5 Eve 7 22.6, 1 Ann 5 16.1, 7 Gus 4 12.9, 4 Dee 3 9.7")]
    // Fewer than five: all of them.
    [InlineData("1:Ann:1|2:Bob:3", "2 Bob 3 75, 1 Ann 1 25")]
    // Equal quantities go by name, ordinal: capitals before lower case.
    [InlineData("1:bob:2|2:Bob:2|3:Amy:2|4:amy:2", "3 Amy 2 25, 2 Bob 2 25, 4 amy 2 25, 1 bob 2 25")]
    // Equal quantities and names go by id.
    [InlineData("9:Ann:3|4:Ann:3|7:Ann:3", "4 Ann 3 33.3, 7 Ann 3 33.3, 9 Ann 3 33.3")]
    // A tie across fifth place: the tie-breaks decide who is left out.
    [InlineData("6:F:1|5:E:1|4:D:1|3:C:1|2:B:1|1:A:1", "1 A 1 16.7, 2 B 1 16.7, 3 C 1 16.7, 4 D 1 16.7, 5 E 1 16.7")]
    [InlineData("1:Zed:1|2:Amy:1|3:Amy:1|4:Bob:1|5:Cy:1|6:Di:1", "2 Amy 1 16.7, 3 Amy 1 16.7, 4 Bob 1 16.7, 5 Cy 1 16.7, 6 Di 1 16.7")]
    // Quantity before name: a small seller called Aaron comes last.
    [InlineData("1:Aaron:1|2:Zoe:2", "2 Zoe 2 66.7, 1 Aaron 1 33.3")]
    public void Top_five_are_the_largest_with_ties_broken_by_name_then_id(string rows, string top)
    {
        var concentration = OfRows(rows);

        Assert.Equal(top, Top(concentration));
        Assert.True(concentration.Top.Count <= SupplyConcentration.TopCount);
    }

    [Theory]
    [InlineData("", 0, 0, 0.0, ConcentrationLevel.None, "")]
    [InlineData("1:Ann:0", 0, 0, 0.0, ConcentrationLevel.None, "")]
    [InlineData("1:Ann:0|2:Bob:-4", 0, 0, 0.0, ConcentrationLevel.None, "")]
    // Bob's zero leaves Ann with it all.
    [InlineData("1:Ann:3|2:Bob:0", 1, 3, 10000.0, ConcentrationLevel.HighlyConcentrated, "1 Ann 3 100")]
    // A negative row does not eat into the same seller's other rows.
    [InlineData("1:Ann:5|1:Ann:-5|2:Bob:5", 2, 10, 5000.0, ConcentrationLevel.HighlyConcentrated, "1 Ann 5 50, 2 Bob 5 50")]
    [InlineData("1:Ann:-1|2:Bob:1|3:Cid:1|4:Dee:1|5:Eve:1|6:Fay:0", 4, 4, 2500.0, ConcentrationLevel.ModeratelyConcentrated, "2 Bob 1 25, 3 Cid 1 25, 4 Dee 1 25, 5 Eve 1 25")]
    public void Zero_and_negative_quantities_are_ignored(string rows, int sellers, int total, double hhi, ConcentrationLevel level, string top)
    {
        var concentration = OfRows(rows);

        Assert.Equal(sellers, concentration.Sellers);
        Assert.Equal(total, concentration.TotalQuantity);
        Assert.Equal(hhi, concentration.Hhi);
        Assert.Equal(level, concentration.Level);
        Assert.Equal(top, Top(concentration));
    }

    [Theory]
    // Ann's 2 + 4 = 6 of 9: 66.66…² + 33.33…² = 5,555.55…, not three sellers at 22.2/33.3/44.4.
    [InlineData("1:Ann:2|2:Bob:3|1:Ann:4", 2, 9, 5555.6, "1 Ann 6 66.7, 2 Bob 3 33.3")]
    // Four rows of one seller are one seller.
    [InlineData("7:Ann:1|7:Ann:1|7:Ann:1|7:Ann:1", 1, 4, 10000.0, "7 Ann 4 100")]
    // The name on the seller's first counted row wins; a dropped row does not name the seller.
    [InlineData("1:Ann:2|1:Annie:2|2:Bob:4", 2, 8, 5000.0, "1 Ann 4 50, 2 Bob 4 50")]
    [InlineData("1:Ann:0|1:Annie:4|2:Bob:4", 2, 8, 5000.0, "1 Annie 4 50, 2 Bob 4 50")]
    // Summing moves a seller up the ranking: Eve's 1 + 1 + 1 outranks Dee's 2; HHI 10,000 × (25 + 16 + 9 + 9 + 4 + 1) / 18² = 1,975.30….
    [InlineData("1:Ann:5|2:Bob:4|3:Cid:3|4:Dee:2|5:Eve:1|6:Fay:1|5:Eve:1|5:Eve:1", 6, 18, 1975.3, "1 Ann 5 27.8, 2 Bob 4 22.2, 3 Cid 3 16.7, 5 Eve 3 16.7, 4 Dee 2 11.1")]
    public void Duplicate_seller_rows_are_summed(string rows, int sellers, int total, double hhi, string top)
    {
        var concentration = OfRows(rows);

        Assert.Equal(sellers, concentration.Sellers);
        Assert.Equal(total, concentration.TotalQuantity);
        Assert.Equal(hhi, concentration.Hhi);
        Assert.Equal(top, Top(concentration));
    }

    [Theory]
    [InlineData(ConcentrationLevel.None, "no supply")]
    [InlineData(ConcentrationLevel.Unconcentrated, "unconcentrated")]
    [InlineData(ConcentrationLevel.ModeratelyConcentrated, "moderately concentrated")]
    [InlineData(ConcentrationLevel.HighlyConcentrated, "highly concentrated")]
    public void Each_level_has_a_label(ConcentrationLevel level, string label) =>
        Assert.Equal(label, SupplyConcentration.Label(level));

    [Fact]
    public void An_undefined_level_has_no_label() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SupplyConcentration.Label((ConcentrationLevel)99));

    [Fact]
    public void A_total_past_int_max_is_refused_rather_than_wrapped() =>
        Assert.Throws<OverflowException>(() => OfQuantities([int.MaxValue, 1]));

    [Fact]
    public void No_supply_at_all_is_an_empty_market() =>
        Assert.Equal("0 0 0 None 0", Describe(SupplyConcentration.Of([])));

    private static string Describe(Concentration concentration) => string.Create(CultureInfo.InvariantCulture,
        $"{concentration.Sellers} {concentration.TotalQuantity} {concentration.Hhi} {concentration.Level} {concentration.Top.Count}");
}
