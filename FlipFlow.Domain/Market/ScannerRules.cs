namespace FlipFlow.Domain.Market;

/// <summary>
/// A price trend over the last <see cref="ScannerRules.TrendDays"/> days: the average sale price of its first
/// <see cref="ScannerRules.TrendEdgeDays"/> days against that of its last ones. <see cref="Change"/> is a fraction (0.25 = up 25%).
/// </summary>
public sealed record PriceTrend(decimal FirstAverage, decimal LastAverage, decimal Change, bool Flagged);

/// <summary>The scanner's rules: the window, sell-through, the median and last sale, the 14-day trend, and when sales are too few to judge.</summary>
public static class ScannerRules
{
    public const int DefaultWindowDays = 30;
    public const int MaxWindowDays = 365;
    public const int TrendDays = 14;
    public const int TrendEdgeDays = 3;

    /// <summary>A trend is flagged when its last days' average differs from its first days' by this fraction or more.</summary>
    public const decimal TrendThreshold = 0.20m;

    /// <summary>Fewer sales than this in the window are too few to judge a card by.</summary>
    public const int MinimumSales = 3;

    /// <summary>Why a window of this many days is refused, or null when it is fine.</summary>
    public static string? WindowProblem(int days) =>
        days is < 1 or > MaxWindowDays ? $"The window must be 1 to {MaxWindowDays} days; {days} is not." : null;

    /// <summary>Sales ÷ (sales + active listings at the window's end), or null when there is neither.</summary>
    public static decimal? SellThrough(int sales, int activeAtEnd) =>
        sales + activeAtEnd == 0 ? null : Math.Round((decimal)sales / (sales + activeAtEnd), 4);

    public static bool TooFewSales(int sales) => sales < MinimumSales;

    /// <summary>The middle price, or the mean of the two middle ones; null for no prices.</summary>
    public static decimal? Median(IEnumerable<decimal> prices)
    {
        var sorted = prices.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>
    /// The trend of the sales in the <see cref="TrendDays"/> days before <paramref name="end"/>: the average price of those in the first
    /// <see cref="TrendEdgeDays"/> days against those in the last ones. Null when either end has no sale.
    /// </summary>
    public static PriceTrend? Trend(IEnumerable<(DateTimeOffset At, decimal Price)> sales, DateTimeOffset end)
    {
        var start = end.AddDays(-TrendDays);
        var firstEnd = start.AddDays(TrendEdgeDays);
        var lastStart = end.AddDays(-TrendEdgeDays);
        var first = new List<decimal>();
        var last = new List<decimal>();
        foreach (var (at, price) in sales)
        {
            if (at >= start && at < firstEnd)
            {
                first.Add(price);
            }
            else if (at >= lastStart && at <= end)
            {
                last.Add(price);
            }
        }
        if (first.Count == 0 || last.Count == 0 || first.Average() == 0)
        {
            return null;
        }
        var (before, after) = (first.Average(), last.Average());
        var change = Math.Round((after - before) / before, 4);
        return new PriceTrend(Math.Round(before, 2), Math.Round(after, 2), change, Math.Abs(change) >= TrendThreshold);
    }
}
