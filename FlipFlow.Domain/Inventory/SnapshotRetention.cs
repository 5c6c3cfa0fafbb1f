namespace FlipFlow.Domain.Inventory;

/// <summary>
/// Which days of inventory snapshots to keep, so the table does not grow without bound: every day of the last
/// <c>dailyDays</c> days before today, and before that one day per calendar month, the month's latest. The month's
/// latest day is taken over every snapshot day, so a month that reaches into the daily window keeps its days until
/// they leave it, then only the month's end state.
/// </summary>
public static class SnapshotRetention
{
    public const int DefaultDailyDays = 90;

    /// <summary>The days among <paramref name="days"/> to delete on <paramref name="today"/>.</summary>
    public static IReadOnlyList<DateOnly> DaysToDrop(IEnumerable<DateOnly> days, DateOnly today, int dailyDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dailyDays, 1);
        var cutoff = today.AddDays(-dailyDays);
        var distinct = days.Distinct().ToList();
        var monthEnds = distinct.GroupBy(day => (day.Year, day.Month)).Select(month => month.Max()).ToHashSet();
        return [.. distinct.Where(day => day < cutoff && !monthEnds.Contains(day)).Order()];
    }
}
