using FlipFlow.Domain.Jobs;
using FlipFlow.Infrastructure.Batches;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Infrastructure.Listings;
using FlipFlow.Infrastructure.Market;
using FlipFlow.Infrastructure.Marketplaces.Demo;
using FlipFlow.Infrastructure.Offers;
using FlipFlow.Infrastructure.Snapshots;
using FlipFlow.Infrastructure.Zombies;

namespace FlipFlow.Tests.Jobs;

public sealed class CronScheduleTests
{
    private static readonly DateTimeOffset After = new(2026, 12, 2, 10, 7, 30, TimeSpan.Zero);

    /// <summary>
    /// The next five fire times after <see cref="After"/> of every catalogue job's default schedule, as the engine
    /// FlipFlow ran before Hangfire computed them (UTC): the move must not shift a single run.
    /// </summary>
    public static TheoryData<string, string[]> EarlierFireTimes() => new()
    {
        { HistoryCleanupWork.Definition.Id, ["2026-12-03T03:15:00Z", "2026-12-04T03:15:00Z", "2026-12-05T03:15:00Z", "2026-12-06T03:15:00Z", "2026-12-07T03:15:00Z"] },
        { DatabaseMaintenanceWork.Definition.Id, ["2026-12-03T03:45:00Z", "2026-12-04T03:45:00Z", "2026-12-05T03:45:00Z", "2026-12-06T03:45:00Z", "2026-12-07T03:45:00Z"] },
        { DemoMarketWork.Definition.Id, ["2026-12-02T10:15:00Z", "2026-12-02T10:30:00Z", "2026-12-02T10:45:00Z", "2026-12-02T11:00:00Z", "2026-12-02T11:15:00Z"] },
        { ListingSyncWork.Definition.Id, ["2026-12-02T10:15:00Z", "2026-12-02T10:30:00Z", "2026-12-02T10:45:00Z", "2026-12-02T11:00:00Z", "2026-12-02T11:15:00Z"] },
        { ZombieAutoResurrectWork.Definition.Id, ["2026-12-03T00:45:00Z", "2026-12-04T00:45:00Z", "2026-12-05T00:45:00Z", "2026-12-06T00:45:00Z", "2026-12-07T00:45:00Z"] },
        { ZombieScanWork.Definition.Id, ["2026-12-03T00:30:00Z", "2026-12-04T00:30:00Z", "2026-12-05T00:30:00Z", "2026-12-06T00:30:00Z", "2026-12-07T00:30:00Z"] },
        { ListingSnapshotWork.Definition.Id, ["2026-12-03T00:10:00Z", "2026-12-04T00:10:00Z", "2026-12-05T00:10:00Z", "2026-12-06T00:10:00Z", "2026-12-07T00:10:00Z"] },
        { MarketplaceWork.Definition.Id, ["2026-12-02T10:10:00Z", "2026-12-02T10:15:00Z", "2026-12-02T10:20:00Z", "2026-12-02T10:25:00Z", "2026-12-02T10:30:00Z"] },
        { MarketScanWork.Definition.Id, ["2026-12-02T12:20:00Z", "2026-12-02T18:20:00Z", "2026-12-03T00:20:00Z", "2026-12-03T06:20:00Z", "2026-12-03T12:20:00Z"] },
        { ListingOffersWork.Definition.Id, ["2026-12-02T11:05:00Z", "2026-12-02T12:05:00Z", "2026-12-02T13:05:00Z", "2026-12-02T14:05:00Z", "2026-12-02T15:05:00Z"] },
    };

    private static readonly JobDefinition[] Catalogue =
    [
        HistoryCleanupWork.Definition, DatabaseMaintenanceWork.Definition, DemoMarketWork.Definition, ListingSyncWork.Definition,
        ZombieAutoResurrectWork.Definition, ZombieScanWork.Definition, ListingSnapshotWork.Definition, MarketplaceWork.Definition,
        ListingOffersWork.Definition, MarketScanWork.Definition,
    ];

    [Theory]
    [MemberData(nameof(EarlierFireTimes))]
    public void Every_default_cron_fires_at_the_same_times_under_Cronos_as_before_Hangfire(string jobId, string[] earlierTimes)
    {
        var definition = Catalogue.Single(job => job.Id == jobId);

        var times = CronSchedule.NextFireTimes(definition.DefaultCron, After, 5);

        Assert.Equal(earlierTimes, times.Select(time => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
