namespace FlipFlow.Domain.Supply;

/// <summary>
/// How fast listings of a card sell: <paramref name="MedianDays"/> from listing to sale, rounded to 1 decimal, or null
/// when no sale counts; <paramref name="Sales"/> counted towards it, <paramref name="LeftOut"/> for taking longer than
/// <see cref="SellThroughVelocity.MaxDays"/> days, <paramref name="Invalid"/> for selling before being listed.
/// </summary>
public sealed record Velocity(double? MedianDays, int Sales, int LeftOut, int Invalid);

/// <summary>
/// Measures how quickly a card sells once listed, so a seller can tell a card that moves in days from one that sits
/// for months.
/// <para>
/// The figure is the median of (sold at − listed at) in days, fractions of a day kept: the mean of the two middle
/// values for an even count. The median, not the mean, because a few listings forgotten for months would drag a mean
/// far from what a typical listing does.
/// </para>
/// <para>
/// A sale more than <see cref="MaxDays"/> days after its listing is left out (exactly <see cref="MaxDays"/> days is
/// kept): by then the listing says more about a seller who forgot it than about demand for the card. A sale dated
/// before its listing is bad data (clock skew, a relisted item keeping its old sale) and is dropped as invalid rather
/// than read as a negative time. Both are counted, so a caller can say how much was set aside.
/// </para>
/// <para>
/// Durations are compared and the median taken in exact ticks; the result is rounded once, halves up, to 1 decimal.
/// Instants in different offsets compare as the moments they are.
/// </para>
/// </summary>
public static class SellThroughVelocity
{
    /// <summary>The most days from listing to sale that still count.</summary>
    public const int MaxDays = 180;

    private static readonly long MaxTicks = TimeSpan.FromDays(MaxDays).Ticks;

    /// <summary>The median time to sale of <paramref name="sales"/>, with what was set aside.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="sales"/> is null.</exception>
    public static Velocity Of(IEnumerable<(DateTimeOffset ListedAt, DateTimeOffset SoldAt)> sales)
    {
        ArgumentNullException.ThrowIfNull(sales);

        var durations = new List<long>();
        var leftOut = 0;
        var invalid = 0;
        foreach (var (listedAt, soldAt) in sales)
        {
            if (soldAt < listedAt)
            {
                invalid++;
                continue;
            }
            var ticks = (soldAt - listedAt).Ticks;
            if (ticks > MaxTicks)
            {
                leftOut++;
                continue;
            }
            durations.Add(ticks);
        }

        if (durations.Count == 0)
        {
            return new Velocity(null, 0, leftOut, invalid);
        }

        durations.Sort();
        var middle = durations.Count / 2;
        // Twice the median in ticks, so an even count's mean of the two middle values stays a whole number.
        var twiceMedian = durations.Count % 2 == 1
            ? 2 * durations[middle]
            : durations[middle - 1] + durations[middle];

        // Tenths of a day = 10 × twiceMedian / (2 × ticks per day), rounded halves up; each duration is at most
        // MaxDays, so nothing comes near overflowing.
        var denominator = 2 * TimeSpan.TicksPerDay;
        var tenths = (2 * 10 * twiceMedian + denominator) / (2 * denominator);
        return new Velocity(tenths / 10.0, durations.Count, leftOut, invalid);
    }
}
