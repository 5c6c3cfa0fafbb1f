using FlipFlow.Domain.Analytics;

namespace FlipFlow.Tests.Analytics;

/// <summary>The rule for the days an analytics view or export covers.</summary>
public sealed class AnalyticsRangesTests
{
    [Theory]
    [InlineData("2026-11-01", "2026-11-01", null)]
    [InlineData("2026-08-03", "2026-11-01", null)]
    [InlineData("2016-10-24", "2026-11-01", null)]
    [InlineData("2016-10-23", "2026-11-01", "spans 3,661 days; at most 3,660 (about ten years). Start on 2016-10-24 or later.")]
    [InlineData("2000-01-01", "2026-11-01", "spans 9,801 days")]
    [InlineData("2026-11-02", "2026-11-01", "The range starts 2026-11-02, after its end 2026-11-01")]
    public void A_range_is_refused_when_backwards_or_longer_than_the_maximum_never_clipped(string from, string to, string? problem)
    {
        var (first, last) = (DateOnly.Parse(from), DateOnly.Parse(to));

        var found = AnalyticsRanges.Problem(first, last);

        if (problem is null)
        {
            Assert.Null(found);
            AnalyticsRanges.Check(first, last);
        }
        else
        {
            Assert.NotNull(found);
            Assert.Contains(problem, found);
            Assert.Equal(found, Assert.Throws<AnalyticsRangeException>(() => AnalyticsRanges.Check(first, last)).Message);
        }
    }
}
