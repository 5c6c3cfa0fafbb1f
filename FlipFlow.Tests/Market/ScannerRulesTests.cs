using FlipFlow.Domain.Market;

namespace FlipFlow.Tests.Market;

public sealed class ScannerRulesTests
{
    private static readonly DateTimeOffset End = new(2026, 12, 3, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, 0, null)]
    [InlineData(3, 0, 1.0)]
    [InlineData(0, 5, 0.0)]
    [InlineData(1, 3, 0.25)]
    [InlineData(2, 1, 0.6667)]
    public void Sell_through_is_sales_over_sales_and_actives_at_the_end(int sales, int active, double? expected) =>
        Assert.Equal(expected is { } rate ? (decimal)rate : null, ScannerRules.SellThrough(sales, active));

    [Theory]
    [InlineData(new double[0], null)]
    [InlineData(new[] { 5.0 }, 5.0)]
    [InlineData(new[] { 9.0, 1.0, 5.0 }, 5.0)]
    [InlineData(new[] { 4.0, 1.0, 10.0, 6.0 }, 5.0)]
    [InlineData(new[] { 2.5, 2.5, 100.0 }, 2.5)]
    public void The_median_is_the_middle_price_or_the_mean_of_the_middle_two(double[] prices, double? expected) =>
        Assert.Equal(expected is { } median ? (decimal)median : null, ScannerRules.Median(prices.Select(price => (decimal)price)));

    [Theory]
    [InlineData(0, "The window must be 1 to 365 days; 0 is not.")]
    [InlineData(1, null)]
    [InlineData(30, null)]
    [InlineData(365, null)]
    [InlineData(366, "The window must be 1 to 365 days; 366 is not.")]
    public void A_window_is_one_day_to_a_year(int days, string? problem) => Assert.Equal(problem, ScannerRules.WindowProblem(days));

    [Theory]
    [InlineData(0, true)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    public void Fewer_than_three_sales_are_too_few_to_judge(int sales, bool tooFew) => Assert.Equal(tooFew, ScannerRules.TooFewSales(sales));

    // Sales as (days before the end, price).
    [Theory]
    [InlineData(new[] { 13.5, 12.0, 1.0 }, new[] { 10.0, 10.0, 12.0 }, 10.0, 12.0, 0.2, true)]
    [InlineData(new[] { 13.0, 0.5 }, new[] { 10.0, 11.9 }, 10.0, 11.9, 0.19, false)]
    [InlineData(new[] { 12.0, 2.0 }, new[] { 20.0, 15.0 }, 20.0, 15.0, -0.25, true)]
    [InlineData(new[] { 12.0, 2.0, 7.0 }, new[] { 20.0, 20.0, 1.0 }, 20.0, 20.0, 0.0, false)]
    public void The_trend_compares_the_first_three_days_with_the_last_three(double[] daysBefore, double[] prices, double first, double last,
        double change, bool flagged)
    {
        var trend = ScannerRules.Trend(daysBefore.Zip(prices, (days, price) => (End.AddDays(-days), (decimal)price)), End);

        Assert.Equal(new PriceTrend((decimal)first, (decimal)last, (decimal)change, flagged), trend);
    }

    [Theory]
    [InlineData(new[] { 13.0, 12.0 })]
    [InlineData(new[] { 2.0, 1.0 })]
    [InlineData(new[] { 15.0, 1.0 })]
    [InlineData(new double[0])]
    public void No_trend_without_a_sale_at_both_ends_of_the_fourteen_days(double[] daysBefore) =>
        Assert.Null(ScannerRules.Trend(daysBefore.Select(days => (End.AddDays(-days), 10m)), End));
}
