using FlipFlow.Domain.Inventory;

namespace FlipFlow.Tests.Inventory;

public sealed class SnapshotRetentionTests
{
    [Theory]
    // Inside the daily window nothing goes.
    [InlineData("2026-12-01,2026-11-15,2026-09-03", "2026-12-01", 90, "")]
    // The cutoff day itself is kept; the day before it, not the month's latest, goes.
    [InlineData("2026-09-01,2026-09-02,2026-09-30", "2026-12-01", 90, "2026-09-01")]
    [InlineData("2026-09-01,2026-09-02", "2026-12-01", 90, "2026-09-01")]
    // Before the window one day a month is kept: the month's latest.
    [InlineData("2026-07-01,2026-07-15,2026-07-31,2026-08-01,2026-08-20", "2026-12-01", 90, "2026-07-01,2026-07-15,2026-08-01")]
    // A month reaching into the window keeps its old days' latest only through the window's days.
    [InlineData("2026-08-30,2026-08-31,2026-09-01,2026-09-05", "2026-12-03", 90, "2026-08-30,2026-09-01")]
    // Repeated days count once; a shorter window drops more.
    [InlineData("2026-11-01,2026-11-01,2026-11-20,2026-11-29", "2026-12-01", 7, "2026-11-01,2026-11-20")]
    [InlineData("", "2026-12-01", 90, "")]
    public void Snapshot_days_are_kept_daily_within_the_window_and_one_a_month_before_it(string days, string today, int dailyDays, string dropped)
    {
        var all = days.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(DateOnly.Parse);
        var result = SnapshotRetention.DaysToDrop(all, DateOnly.Parse(today), dailyDays);
        Assert.Equal(dropped, string.Join(",", result.Select(day => day.ToString("yyyy-MM-dd"))));
    }

    [Fact]
    public void A_window_under_one_day_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SnapshotRetention.DaysToDrop([], new DateOnly(2026, 12, 1), 0));
}
