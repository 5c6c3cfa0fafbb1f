using FlipFlow.Web.Features.Jobs.Dashboard;

namespace FlipFlow.Tests.Web;

/// <summary>The dashboard's rules that need no app: which runs link to a Hangfire job, and the dark stylesheet FlipFlow serves.</summary>
public sealed class HangfireDashboardRulesTests
{
    [Theory]
    [InlineData("0 15 3 * * ?", null)]
    [InlineData("42", "/hangfire/jobs/details/42")]
    [InlineData("NON_CLUSTERED638700000000000001", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    [InlineData("12a", null)]
    public void A_run_links_to_its_Hangfire_job_only_when_its_fire_id_is_a_Hangfire_job_id(string? fireInstanceId, string? link) =>
        Assert.Equal(link, HangfireDashboard.JobDetails(fireInstanceId));

    [Fact]
    public void The_dark_rules_are_Hangfire_s_own_without_the_media_query()
    {
        Assert.Equal(" a { color: red; } ", DashboardTheme.Unwrap("@media (prefers-color-scheme: dark) { a { color: red; } }"));
        Assert.Equal("a { color: red; }", DashboardTheme.Unwrap("a { color: red; }"));
        var rules = DashboardTheme.ReadDarkRules();
        Assert.Contains("background-color", rules);
        Assert.DoesNotContain("@media (prefers-color-scheme", rules);
    }
}
