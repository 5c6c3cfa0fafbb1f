using System.Globalization;
using FlipFlow.Domain.Zombies;

namespace FlipFlow.Tests.Zombies;

public sealed class ZombieRepriceTests
{
    private static decimal D(string value) => decimal.Parse(value, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("20", "30", "8", "14")]
    [InlineData("10", "30", "8", "8")]
    [InlineData("8.01", "30", "8", "8")]
    [InlineData("8", "30", "8", null)]
    [InlineData("5", "30", "8", null)]
    [InlineData("9.99", "15", "0", "8.49")]
    [InlineData("0.05", "50", "0", "0.03")]
    [InlineData("0.01", "50", "0", "0.01")]
    [InlineData("100", "90", "0", "10")]
    [InlineData("19.99", "0.01", "0", "19.99")]
    [InlineData("0", "10", "0", null)]
    public void A_price_goes_down_by_the_percentage_to_the_cent_never_below_the_floor_and_one_at_or_under_it_stays(string price, string percent,
        string floor, string? expected)
    {
        var reprice = new ZombieReprice(D(percent), D(floor));

        Assert.Equal(expected is null ? null : D(expected), reprice.PriceFor(D(price)));
    }

    [Theory]
    [InlineData("0", "1", "The percentage must be above 0 and at most 90, not 0.")]
    [InlineData("-5", "1", "The percentage must be above 0 and at most 90, not -5.")]
    [InlineData("90.5", "1", "The percentage must be above 0 and at most 90, not 90.5.")]
    [InlineData("90", "-0.01", "The floor cannot be negative.")]
    [InlineData("0.01", "0", null)]
    [InlineData("90", "0", null)]
    public void Percentages_outside_0_to_90_and_negative_floors_are_refused(string percent, string floor, string? refusal)
    {
        Assert.Equal(refusal, ZombieReprice.Refusal(D(percent), D(floor)));
        if (refusal is not null)
        {
            Assert.Equal(refusal, Assert.Throws<ArgumentException>(() => new ZombieReprice(D(percent), D(floor))).Message);
        }
    }
}
