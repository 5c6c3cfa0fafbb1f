using FlipFlow.Domain.Alerts;

namespace FlipFlow.Tests.Alerts;

public sealed class AlertPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, true)]
    [InlineData(-3600, true)]
    [InlineData(-3599, false)]
    [InlineData(-60, false)]
    [InlineData(-86400, true)]
    public void A_cause_alerts_again_only_an_hour_after_it_last_did(int? secondsAgo, bool due) =>
        Assert.Equal(due, AlertPolicy.IsDue(secondsAgo is { } ago ? Now.AddSeconds(ago) : null, Now));

    [Theory]
    [InlineData(1, 300)]
    [InlineData(2, 600)]
    [InlineData(3, 1200)]
    [InlineData(4, 2400)]
    [InlineData(5, 3600)]
    [InlineData(6, null)]
    [InlineData(20, null)]
    public void A_refused_delivery_waits_twice_as_long_each_time_up_to_an_hour_then_gives_up(int attempt, int? seconds) =>
        Assert.Equal(seconds is { } wait ? TimeSpan.FromSeconds(wait) : null, AlertPolicy.RetryAfter(attempt));

    [Fact]
    public void Discord_gets_content_and_an_embed_with_an_absolute_link_and_plain_json_gets_every_field()
    {
        var alert = new Alert
        {
            Id = 7, Kind = AlertKind.JobFailed, Cause = "job:market-scan", Title = "Job market-scan failed after 3 attempts", Detail = "Timeout",
            Link = "jobs/market-scan", RaisedAt = Now,
        };

        var discord = AlertPolicy.Body(AlertFormat.Discord, alert, "https://ops.example.com/");
        var json = AlertPolicy.Body(AlertFormat.Json, alert, null);

        Assert.Equal("**Job market-scan failed after 3 attempts**", (string?)discord["content"]);
        var embed = discord["embeds"]![0]!;
        Assert.Equal(("Job market-scan failed after 3 attempts", "Timeout", "https://ops.example.com/jobs/market-scan", 0xE74C3C),
            ((string?)embed["title"], (string?)embed["description"], (string?)embed["url"], (int)embed["color"]!));
        Assert.Equal(("JobFailed", "job:market-scan", "Timeout", null, "2026-12-04T12:00:00.0000000Z"),
            ((string?)json["kind"], (string?)json["cause"], (string?)json["detail"], (string?)json["link"], (string?)json["raisedAt"]));
    }
}

public sealed class DataHealthTests
{
    [Theory]
    [InlineData(0, 0, false)]
    [InlineData(90, 100, false)]
    [InlineData(899, 1000, true)]
    [InlineData(0, 5, true)]
    [InlineData(1000, 1000, false)]
    public void Seller_coverage_alerts_under_90_percent(int linked, int listings, bool low) => Assert.Equal(low, DataHealth.CoverageLow(linked, listings));

    [Theory]
    [InlineData(0, 0, false)]
    [InlineData(5, 100, false)]
    [InlineData(51, 1000, true)]
    [InlineData(1, 1, true)]
    public void Unmapped_skus_alert_over_5_percent(int unmapped, int skus, bool high) => Assert.Equal(high, DataHealth.UnmappedHigh(unmapped, skus));
}
