namespace FlipFlow.Domain.Analytics;

/// <summary>A range of days an analytics view or export cannot cover: its message says what to change.</summary>
public sealed class AnalyticsRangeException(string message) : ArgumentException(message);

/// <summary>
/// The rule for the days an analytics view covers: from no later than to, and at most <see cref="MaxDays"/> days
/// apart, about ten years. Longer ranges are refused, not clipped: a chart or CSV that quietly starts later than asked
/// reads as "no data before then".
/// </summary>
public static class AnalyticsRanges
{
    /// <summary>The most days between a range's first and last day: ten years and their leap days, with room to spare.</summary>
    public const int MaxDays = 3660;

    /// <summary>What is wrong with the range, or null.</summary>
    public static string? Problem(DateOnly from, DateOnly to)
    {
        if (from > to)
        {
            return $"The range starts {from:yyyy-MM-dd}, after its end {to:yyyy-MM-dd}; swap the dates.";
        }
        var days = to.DayNumber - from.DayNumber;
        return days > MaxDays
            ? $"The range from {from:yyyy-MM-dd} to {to:yyyy-MM-dd} spans {days:N0} days; at most {MaxDays:N0} (about ten years). Start on {to.AddDays(-MaxDays):yyyy-MM-dd} or later."
            : null;
    }

    /// <summary>Throws <see cref="AnalyticsRangeException"/> with <see cref="Problem"/>'s message when the range is refused.</summary>
    public static void Check(DateOnly from, DateOnly to)
    {
        if (Problem(from, to) is { } problem)
        {
            throw new AnalyticsRangeException(problem);
        }
    }
}
