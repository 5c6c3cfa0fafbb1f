using FlipFlow.Domain.Jobs;

namespace FlipFlow.Infrastructure.Listings;

/// <summary>
/// Runs <see cref="ListingSync"/> on every connected marketplace every 15 minutes. A marketplace that failed
/// fails the run once the others are done, so it is retried and shows as failed; running again is harmless.
/// </summary>
public sealed class ListingSyncWork(ListingSync sync) : IJobWork
{
    public static readonly JobDefinition Definition = new(
        "listings-sync",
        "Listings sync",
        "Reads every connected marketplace's active listings and brings FlipFlow's up to date (price, quantity, status, views, watchers, units sold), recording each change as a listing event.",
        "0 0/15 * * * ?",
        RetryPolicy.Default,
        RecoverAfterCrash: true);

    public async Task<string> RunAsync(JobRunContext run, CancellationToken cancellationToken)
    {
        var reports = await sync.SyncAllAsync(cancellationToken);
        foreach (var report in reports)
        {
            run.Log(report.ToString());
        }
        var summary = string.Join("; ", reports);
        return reports.Any(report => report.Error is not null)
            ? throw new ListingSyncFailedException(summary)
            : summary;
    }
}

/// <summary>At least one marketplace's sync failed; the message is the whole run's summary, the others' included.</summary>
public sealed class ListingSyncFailedException(string summary) : Exception(summary);
