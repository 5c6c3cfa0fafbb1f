using FlipFlow.Domain.Jobs;

namespace FlipFlow.Infrastructure.Offers;

/// <summary>Sends the due offers with <see cref="ListingOffers.SendDueAsync"/>, five minutes past every hour.</summary>
public sealed class ListingOffersWork(ListingOffers offers) : IJobWork
{
    public static readonly JobDefinition Definition = new(
        "listing-offers",
        "Offers to watchers",
        "Sends an offer (Offers:DiscountPercent off, never under Offers:FloorPercent of the price) to the watchers of each live listing " +
        "with at least Offers:MinWatchers watchers and no offer sent in Offers:GapDays days, on marketplaces that send offers (eBay, Demo).",
        "0 5 * * * ?",
        RetryPolicy.Default);

    public async Task<string> RunAsync(JobRunContext run, CancellationToken cancellationToken)
    {
        var report = await offers.SendDueAsync(new RunLog(run), cancellationToken);
        return report.ToString();
    }

    /// <summary>Writes each refusal and failure to the run's log at once (a <see cref="Progress{T}"/> would post them later).</summary>
    private sealed class RunLog(JobRunContext run) : IProgress<string>
    {
        public void Report(string value) => run.Log(value);
    }
}
