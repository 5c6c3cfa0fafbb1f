using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Batches;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Jobs;
using FlipFlow.Infrastructure.Marketplaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FlipFlow.Infrastructure.Batches;

/// <summary>What one drain did.</summary>
public sealed record DispatchReport(int Completed, int Failed, int Cancelled)
{
    public int Total => Completed + Failed + Cancelled;

    public override string ToString() => Total == 0
        ? "no marketplace work waiting"
        : $"ran {Total} marketplace jobs: {Completed} completed, {Failed} failed, {Cancelled} cancelled";
}

/// <summary>
/// Takes up marketplace jobs and runs them until none is left: per marketplace, at most
/// Marketplaces:&lt;Name&gt;:MaxConcurrency at once (their calls are spaced by the rate limiter). A job is claimed
/// with a conditional update, so two nodes never run it together. A job whose node is gone (it stopped checking
/// in to the cluster or, without a cluster, any other process) or whose claim lapsed is taken over.
/// </summary>
public sealed class MarketplaceDispatcher(
    IDbContextFactory<FlipFlowDbContext> contexts,
    MarketplaceJobRunner runner,
    IOptions<MarketplaceOptions> marketplaceOptions,
    IOptions<OrchestrationOptions> options,
    JobNode node,
    MarketplaceStats stats,
    TimeProvider clock,
    ILogger<MarketplaceDispatcher> logger)
{
    public async Task<DispatchReport> DrainAsync(Action<string>? log, CancellationToken cancellationToken)
    {
        var me = await node.NameAsync(cancellationToken);
        var running = new List<(Marketplace Marketplace, long JobId, Task<MarketplaceJobStatus> Run)>();
        int completed = 0, failed = 0, cancelled = 0;
        try
        {
            while (true)
            {
                var started = 0;
                foreach (var marketplace in Domain.Marketplaces.Marketplaces.All)
                {
                    var free = Math.Max(1, marketplaceOptions.Value.For(marketplace).MaxConcurrency) - running.Count(run => run.Marketplace == marketplace);
                    if (free <= 0)
                    {
                        continue;
                    }
                    foreach (var jobId in await ClaimAsync(marketplace, free, me, cancellationToken))
                    {
                        running.Add((marketplace, jobId, Task.Run(() => runner.RunAsync(jobId, cancellationToken), cancellationToken)));
                        started++;
                    }
                }
                if (running.Count == 0)
                {
                    if (failed > 0)
                    {
                        await stats.FailureAlertsAsync(cancellationToken);
                    }
                    return new DispatchReport(completed, failed, cancelled);
                }
                if (started == 0 || running.Any(run => run.Run.IsCompleted))
                {
                    await Task.WhenAny(Task.WhenAny(running.Select(run => run.Run)),
                        Task.Delay(TimeSpan.FromSeconds(options.Value.PollSeconds), clock, cancellationToken));
                }
                foreach (var done in running.Where(run => run.Run.IsCompleted).ToList())
                {
                    running.Remove(done);
                    try
                    {
                        switch (await done.Run)
                        {
                            case MarketplaceJobStatus.Completed:
                                completed++;
                                break;
                            case MarketplaceJobStatus.Failed:
                                failed++;
                                if (failed % 10 == 1)
                                {
                                    // Raises the alert event as soon as failures pile up, not only when the drain ends.
                                    await stats.FailureAlertsAsync(cancellationToken);
                                }
                                log?.Invoke($"Job {done.JobId} on {done.Marketplace.DisplayName()} failed");
                                break;
                            default:
                                cancelled++;
                                break;
                        }
                    }
                    catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                    {
                        // The runner could not record the job's end (the database went away): its claim lapses and it is taken up again.
                        logger.LogError(exception, "Marketplace job {Job} stopped without recording its end", done.JobId);
                        log?.Invoke($"Job {done.JobId} stopped without recording its end: {exception.Message}");
                    }
                }
            }
        }
        finally
        {
            // Stopping: let running jobs see the token and stop between steps before the process goes on shutting down.
            try
            {
                await Task.WhenAll(running.Select(run => run.Run));
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
            }
        }
    }

    /// <summary>Claims up to <paramref name="count"/> jobs of the marketplace, oldest first.</summary>
    private async Task<IReadOnlyList<long>> ClaimAsync(Marketplace marketplace, int count, string me, CancellationToken cancellationToken)
    {
        // Jobs claimed by a node that is gone are taken over at once: without a cluster every node but this one
        // is gone; in a cluster, the nodes that stopped checking in.
        var alive = await node.AliveAsync(cancellationToken) ?? [me];
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var lease = now.AddSeconds(options.Value.ClaimLeaseSeconds);
        var candidates = await Claimable(db, marketplace, alive, now)
            .OrderBy(job => job.Id)
            .Select(job => new { job.Id, job.BatchId })
            .Take(count)
            .ToListAsync(cancellationToken);
        var claimed = new List<long>();
        foreach (var candidate in candidates)
        {
            var taken = await Claimable(db, marketplace, alive, now)
                .Where(job => job.Id == candidate.Id)
                .ExecuteUpdateAsync(update => update
                    .SetProperty(job => job.Status, MarketplaceJobStatus.Running)
                    .SetProperty(job => job.ClaimedBy, me)
                    .SetProperty(job => job.ClaimedUntil, lease)
                    .SetProperty(job => job.Attempts, job => job.Attempts + 1)
                    .SetProperty(job => job.StartedAt, job => job.StartedAt ?? now), cancellationToken);
            if (taken == 1)
            {
                claimed.Add(candidate.Id);
                await db.BatchJobs.Where(batch => batch.Id == candidate.BatchId && batch.Status == BatchStatus.Pending)
                    .ExecuteUpdateAsync(update => update
                        .SetProperty(batch => batch.Status, BatchStatus.Running)
                        .SetProperty(batch => batch.StartedAt, now), cancellationToken);
            }
        }
        return claimed;
    }

    private static IQueryable<MarketplaceJob> Claimable(FlipFlowDbContext db, Marketplace marketplace, IReadOnlyList<string> alive, DateTimeOffset now) =>
        db.MarketplaceJobs.Where(job => job.Marketplace == marketplace
            && (job.Status == MarketplaceJobStatus.Pending
                || (job.Status == MarketplaceJobStatus.Running && (job.ClaimedUntil < now || !alive.Contains(job.ClaimedBy!)))));
}
