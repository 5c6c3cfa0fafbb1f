using System.Globalization;
using FlipFlow.Domain.Ingest;

namespace FlipFlow.Tests.Ingest;

public sealed class PriceChangeRuleTests
{
    private static decimal D(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("20.00", "19.00", "5", true)]
    [InlineData("20.00", "19.01", "5", false)]
    [InlineData("20.00", "21.00", "5", true)]
    [InlineData("20.00", "20.99", "5", false)]
    [InlineData("100", "94.99", "5", true)]
    [InlineData("100", "105", "5", true)]
    [InlineData("100", "104.999999", "5", false)]
    [InlineData("3", "3.10", "3.3333", true)]
    [InlineData("3", "3.09", "3.3333", false)]
    // Equal prices never pass, even at a threshold of 0; any change passes it.
    [InlineData("20.00", "20.00", "0", false)]
    [InlineData("20.00", "20.01", "0", true)]
    // From 0 any change passes, as no share of 0 measures it.
    [InlineData("0", "0.01", "5", true)]
    [InlineData("0", "0", "5", false)]
    [InlineData("12.50", "0", "100", true)]
    public void A_change_passes_when_it_is_at_least_the_threshold_share_of_the_old_price(string oldPrice, string newPrice, string threshold, bool passes)
    {
        Assert.Equal(passes, PriceChangeRule.Passes(D(oldPrice), D(newPrice), D(threshold)));
    }

    [Theory]
    [InlineData("20", "19", "-5")]
    [InlineData("20", "21", "5")]
    [InlineData("3", "4", "33.33")]
    [InlineData("3", "2", "-33.33")]
    [InlineData("8", "8.0004", "0.01")]
    [InlineData("8", "8.0003", "0")]
    [InlineData("20", "20", "0")]
    [InlineData("0", "0", "0")]
    [InlineData("0", "5", null)]
    public void The_change_is_a_signed_percentage_of_the_old_price_to_two_places(string oldPrice, string newPrice, string? percent)
    {
        Assert.Equal(percent is null ? null : D(percent), PriceChangeRule.ChangePercent(D(oldPrice), D(newPrice)));
    }

    [Fact]
    public void A_negative_threshold_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PriceChangeRule.Passes(1m, 2m, -1m));
    }
}
