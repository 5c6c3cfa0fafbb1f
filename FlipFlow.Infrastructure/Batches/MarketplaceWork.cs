using FlipFlow.Domain.Jobs;

namespace FlipFlow.Infrastructure.Batches;

/// <summary>
/// The sweeper of marketplace work: each marketplace job runs as an engine job of its own, and this one enqueues
/// again the unfinished jobs that no engine job would run (a process that died between a batch's commit and its
/// enqueue, an engine job lost or ended while its job still waits). It runs for each batch once the batch's jobs
/// are enqueued (the run history shows it started by that batch), on its schedule, and once when a process starts.
/// </summary>
public sealed class MarketplaceWork(MarketplaceSweeper sweeper) : IJobWork
{
    public static readonly JobDefinition Definition = new(
        "marketplace-work",
        "Marketplace work",
        "Enqueues again the marketplace jobs of batches that no engine job would run, such as those cut off by a process that stopped between creating a batch and handing it to the engine. Each marketplace job runs as an engine job of its own on its marketplace's queue. Started for each batch once its jobs are enqueued, every five minutes, and when a process starts.",
        "0 0/5 * * * ?",
        RetryPolicy.Default,
        RecoverAfterCrash: true);

    public async Task<string> RunAsync(JobRunContext run, CancellationToken cancellationToken)
    {
        var enqueued = await sweeper.SweepAsync(cancellationToken);
        return enqueued == 0 ? "every unfinished marketplace job has an engine job" : $"enqueued {enqueued} marketplace jobs again";
    }
}
