using FlipFlow.Domain.Listings;
using FlipFlow.Infrastructure.Listings;
using FlipFlow.Domain.Jobs;

namespace FlipFlow.Infrastructure.Snapshots;

/// <summary>Collects the day that just ended (yesterday, UTC) with <see cref="ListingSnapshotter"/>, ten minutes after midnight.</summary>
public sealed class ListingSnapshotWork(ListingSnapshotter snapshotter) : IJobWork
{
    public static readonly JobDefinition Definition = new(
        "listing-snapshots",
        "Daily listing snapshots",
        "Records yesterday (UTC) for each listing live that day (views, impressions, watchers, price, quantity, status, units sold) " +
        "and each marketplace's daily totals. Running it again replaces the day; 'snapshots collect --date' backfills one.",
        "0 10 0 * * ?",
        RetryPolicy.Default,
        RecoverAfterCrash: true);

    public async Task<string> RunAsync(JobRunContext run, CancellationToken cancellationToken)
    {
        var date = snapshotter.LastEndedDay;
        run.Log($"Collecting {date:yyyy-MM-dd}");
        return (await snapshotter.CollectAsync(date, cancellationToken)).ToString();
    }
}
