using FlipFlow.Domain.Jobs;

namespace FlipFlow.Infrastructure.Sellers;

/// <summary>Runs <see cref="SellerBackfill"/> every hour: the market listings without a seller are linked to theirs.</summary>
public sealed class SellerBackfillWork(SellerBackfill backfill) : IJobWork
{
    public static readonly JobDefinition Definition = new(
        "seller-backfill",
        "Seller backfill",
        "Links the market listings that have no seller to the seller their seller text names, creating sellers as needed, in batches " +
        "of 5,000 with a transaction each. Safe to stop and to run again. Reports each platform's coverage and the texts that name no seller.",
        "0 50 * * * ?",
        RetryPolicy.Default,
        RecoverAfterCrash: true);

    public async Task<string> RunAsync(JobRunContext run, CancellationToken cancellationToken)
    {
        var report = await backfill.RunAsync(linked => run.Log($"{linked} listings linked"), cancellationToken);
        foreach (var unused in report.Unused)
        {
            run.Log($"{unused.Platform} \"{unused.Text}\" ({unused.Listings} listings): {unused.Reason}");
        }
        return $"{report.Linked} linked; coverage " +
            string.Join(", ", report.Coverage.Select(coverage => $"{coverage.Platform} {coverage.Percent:0.##}%"));
    }
}
