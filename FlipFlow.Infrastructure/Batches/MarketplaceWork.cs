using FlipFlow.Domain.Jobs;

namespace FlipFlow.Infrastructure.Batches;

/// <summary>
/// Runs waiting marketplace work until none is left. Woken when a batch is created or retried; the schedule
/// only catches work whose node died, and work left by a crash is taken up when the process starts again.
/// </summary>
public sealed class MarketplaceWork(MarketplaceDispatcher dispatcher) : IJobWork
{
    public static readonly JobDefinition Definition = new(
        "marketplace-work",
        "Marketplace work",
        "Runs the jobs of marketplace batches (publish, update, end, relist, sync) until none is waiting. Started when a batch is created or retried; every five minutes it also takes up work whose process stopped.",
        "0 0/5 * * * ?",
        RetryPolicy.Default,
        RecoverAfterCrash: true);

    public async Task<string> RunAsync(JobRunContext run, CancellationToken cancellationToken) =>
        (await dispatcher.DrainAsync(run.Log, cancellationToken)).ToString();
}
