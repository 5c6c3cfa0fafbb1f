using System.Text.Json;
using FlipFlow.Infrastructure.Analytics;
using FlipFlow.Web.Cli;
using FlipFlow.Infrastructure.Dashboard;

namespace FlipFlow.Tests.Cli;

/// <summary>The <c>stats</c> verbs, each invocation in a host of its own.</summary>
[Trait("Category", "Integration")]
public sealed class StatsCliTests : CliTest
{
    [Fact]
    public async Task Stats_dashboard_on_an_empty_database_prints_zeros_and_ninety_days_without_data()
    {
        var (exit, output, error) = await RunAsync("stats", "dashboard", "--json");

        Assert.True(exit == FlipFlowCli.Ok, error);
        var report = JsonDocument.Parse(output).RootElement;
        Assert.Equal(0, report.GetProperty("listings").GetProperty("active").GetInt32());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("listings").GetProperty("sellThroughRate30Days").ValueKind);
        Assert.Equal("Standby", report.GetProperty("health").GetProperty("schedulerState").GetString());
        var days = report.GetProperty("days").EnumerateArray().ToList();
        Assert.Equal(DashboardFigures.ChartDays, days.Count);
        Assert.All(days, day => Assert.Equal(JsonValueKind.Null, day.GetProperty("activeListings").ValueKind));
    }

    [Fact]
    public async Task Stats_dashboard_after_db_seed_demo_has_figures_in_json_and_in_words()
    {
        var (seeded, _, seedError) = await RunAsync("db", "seed", "--demo");
        Assert.True(seeded == FlipFlowCli.Ok, seedError);

        var (exit, output, error) = await RunAsync("stats", "dashboard", "--json");

        Assert.True(exit == FlipFlowCli.Ok, error);
        var report = JsonDocument.Parse(output).RootElement;
        var listings = report.GetProperty("listings");
        Assert.True(listings.GetProperty("active").GetInt32() > 0);
        Assert.True(listings.GetProperty("soldLast30Days").GetInt32() > 0);
        Assert.Equal("USD", Assert.Single(listings.GetProperty("revenueLast30Days").EnumerateArray()).GetProperty("currency").GetString());
        Assert.All(report.GetProperty("days").EnumerateArray(), day => Assert.True(day.GetProperty("activeListings").GetInt32() > 0));
        Assert.Equal(DashboardFigures.RecentCount, report.GetProperty("recentSales").GetArrayLength());
        var demo = report.GetProperty("health").GetProperty("marketplaces").EnumerateArray().Single(row => row.GetProperty("marketplace").GetString() == "Demo");
        Assert.Equal("Connected", demo.GetProperty("connection").GetString());
        Assert.True(demo.GetProperty("lastSyncAt").ValueKind == JsonValueKind.String);

        var (wordsExit, words, _) = await RunAsync("stats", "dashboard");
        Assert.Equal(FlipFlowCli.Ok, wordsExit);
        Assert.Contains("Active listings", words);
        Assert.Contains($"{listings.GetProperty("active").GetInt32():N0}", words);
        Assert.Contains($"Daily totals          {DashboardFigures.ChartDays,12} of {DashboardFigures.ChartDays} days", words);
        Assert.Matches(@"\n  eBay +Not configured +0 active, last sync never", words);
    }

    [Fact]
    public async Task Stats_portfolio_writes_the_portfolio_as_CSV_and_refuses_a_range_longer_than_allowed_with_exit_2()
    {
        var (exit, output, error) = await RunAsync("stats", "portfolio", "--from", "2026-01-01", "--to", "2026-01-31", "--marketplace", "demo");
        Assert.True(exit == FlipFlowCli.Ok, error);
        Assert.StartsWith("Date,Marketplace,Currency,Active listings", output);

        var (refused, refusedOutput, reason) = await RunAsync("stats", "portfolio", "--from", "2000-01-01", "--to", "2026-01-31");

        Assert.Equal(FlipFlowCli.UsageError, refused);
        Assert.Contains($"at most {FlipFlow.Domain.Analytics.AnalyticsRanges.MaxDays:N0} (about ten years). Start on 2016-01-24 or later.", reason);
        Assert.Equal("", refusedOutput);

        var (backwards, _, backwardsReason) = await RunAsync("stats", "portfolio", "--from", "2026-02-01", "--to", "2026-01-31");
        Assert.Equal(FlipFlowCli.UsageError, backwards);
        Assert.Contains("after its end", backwardsReason);
    }
}

