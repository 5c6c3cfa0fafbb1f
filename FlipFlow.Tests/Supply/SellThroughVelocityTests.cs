using System.Globalization;
using FlipFlow.Domain.Supply;

namespace FlipFlow.Tests.Supply;

public sealed class SellThroughVelocityTests
{
    private static readonly DateTimeOffset Listed = new(2025, 3, 1, 9, 30, 0, TimeSpan.Zero);

    /// <summary>Sales listed at one instant and sold after the given times ("d.hh:mm:ss", negative for before), separated by spaces.</summary>
    private static Velocity OfDurations(string durations) => SellThroughVelocity.Of(
        durations.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(duration => (Listed, Listed + TimeSpan.Parse(duration, CultureInfo.InvariantCulture))));

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("", null, 0)]
    [InlineData("3.00:00:00", 3.0, 1)]
    // Odd count: the middle one, whatever the input order.
    [InlineData("1.00:00:00 3.00:00:00 2.00:00:00", 2.0, 3)]
    [InlineData("9.00:00:00 1.00:00:00 100.00:00:00 2.00:00:00 4.00:00:00", 4.0, 5)]
    // Even count: the mean of the two middle ones, (2 + 4) / 2 and (1 + 2) / 2.
    [InlineData("10.00:00:00 1.00:00:00 4.00:00:00 2.00:00:00", 3.0, 4)]
    [InlineData("1.00:00:00 2.00:00:00", 1.5, 2)]
    // One outlier moves a mean, not a median.
    [InlineData("1.00:00:00 1.00:00:00 170.00:00:00", 1.0, 3)]
    // Fractions of a day count: 12 hours is half a day, 2 hours 0.083… of one.
    [InlineData("12:00:00", 0.5, 1)]
    [InlineData("02:00:00", 0.1, 1)]
    // Sold the moment it was listed: zero days, a valid sale.
    [InlineData("00:00:00", 0.0, 1)]
    [InlineData("00:00:00 00:00:00 1.00:00:00", 0.0, 3)]
    public void The_median_is_the_middle_time_to_sale_in_days(string durations, double? median, int sales)
    {
        var velocity = OfDurations(durations);

        Assert.Equal(new Velocity(median, sales, 0, 0), velocity);
    }

    [Theory]
    // 0.04 day is 57:36, 0.05 is 1:12:00, 0.15 is 3:36:00 and 0.25 is 6:00:00: halves go up (0.15 is 0.1499… as a double).
    [InlineData("00:57:36", 0.0)]
    [InlineData("01:12:00", 0.1)]
    [InlineData("03:36:00", 0.2)]
    [InlineData("06:00:00", 0.3)]
    [InlineData("1.06:00:00", 1.3)]
    [InlineData("05:59:59", 0.2)]
    // The median is taken before rounding: (1.0 + 1.1) / 2 = 1.05 rounds to 1.1, and (1.04 + 1.06) / 2 = 1.05 too.
    [InlineData("1.00:00:00 1.02:24:00", 1.1)]
    [InlineData("1.00:57:36 1.01:26:24", 1.1)]
    public void The_median_is_rounded_to_one_decimal_halves_up(string durations, double median)
    {
        Assert.Equal(median, OfDurations(durations).MedianDays);
    }

    [Theory]
    // Exactly 180 days is kept; a second more is left out.
    [InlineData("180.00:00:00", 180.0, 1, 0, 0)]
    [InlineData("180.00:00:01", null, 0, 1, 0)]
    [InlineData("179.23:59:59 180.00:00:00 180.00:00:01 365.00:00:00", 180.0, 2, 2, 0)]
    // Sold a second before listing is invalid; sold at the listing instant is not.
    [InlineData("-00:00:01", null, 0, 0, 1)]
    [InlineData("-00:00:01 00:00:00", 0.0, 1, 0, 1)]
    [InlineData("-30.00:00:00 -00:00:01", null, 0, 0, 2)]
    // Left-out and invalid sales do not count towards the median: of 1, 5 only, (1 + 5) / 2 = 3.
    [InlineData("1.00:00:00 -1.00:00:00 200.00:00:00 5.00:00:00 181.00:00:00", 3.0, 2, 2, 1)]
    public void Sales_slower_than_180_days_are_left_out_and_sales_before_listing_are_invalid(
        string durations, double? median, int sales, int leftOut, int invalid)
    {
        var velocity = OfDurations(durations);

        Assert.Equal(new Velocity(median, sales, leftOut, invalid), velocity);
    }

    [Theory]
    // Midnight at +02:00 is 22:00 UTC the day before: two hours to the UTC midnight, 0.083… of a day.
    [InlineData("2025-06-01T00:00:00+02:00", "2025-06-01T00:00:00Z", 0.1, 1, 0, 0)]
    // The other way round the sale comes two hours before the listing.
    [InlineData("2025-06-01T00:00:00Z", "2025-06-01T00:00:00+02:00", null, 0, 0, 1)]
    // The same instant in two offsets is zero days.
    [InlineData("2025-06-01T12:00:00+02:00", "2025-06-01T10:00:00Z", 0.0, 1, 0, 0)]
    // 1 January to 30 June 2025 is 31 + 28 + 31 + 30 + 31 + 29 = 180 days: kept; a second later, left out.
    [InlineData("2025-01-01T00:00:00Z", "2025-06-30T00:00:00Z", 180.0, 1, 0, 0)]
    [InlineData("2025-01-01T00:00:00Z", "2025-06-30T00:00:01Z", null, 0, 1, 0)]
    // Reaching the 180th day by the clock in another offset is two hours too many.
    [InlineData("2025-01-01T00:00:00Z", "2025-06-30T00:00:00-02:00", null, 0, 1, 0)]
    public void Instants_in_different_offsets_count_as_the_moments_they_are(
        string listedAt, string soldAt, double? median, int sales, int leftOut, int invalid)
    {
        var velocity = SellThroughVelocity.Of([(At(listedAt), At(soldAt))]);

        Assert.Equal(new Velocity(median, sales, leftOut, invalid), velocity);
    }

    [Fact]
    public void No_sales_at_all_have_no_median() =>
        Assert.Equal(new Velocity(null, 0, 0, 0), SellThroughVelocity.Of([]));
}
