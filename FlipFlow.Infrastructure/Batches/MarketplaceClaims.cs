using System.Collections.Concurrent;
using FlipFlow.Domain.Batches;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FlipFlow.Infrastructure.Batches;

/// <summary>The claim's answer: taken, or why not (the job has ended, or a live node holds it).</summary>
public sealed record ClaimResult(bool Taken, string Reason)
{
    public static readonly ClaimResult Granted = new(true, "claimed");
}

/// <summary>
/// Who runs a marketplace job: a conditional update, so that two workers, here or on another node, never run
/// one together, however often the engine delivers it. A job can be taken when it waits; when its claim has
/// lapsed or its node is gone; or when this node holds it but does not run it now (the engine retrying it here
/// after a fault, or this process having restarted under the same name). Jobs running in this process are kept
/// in memory until <see cref="Release"/>.
/// </summary>
public sealed class MarketplaceClaims(
    IDbContextFactory<FlipFlowDbContext> contexts,
    JobNode node,
    IOptions<OrchestrationOptions> options,
    DatabaseWriteGate writes,
    TimeProvider clock)
{
    private readonly ConcurrentDictionary<long, bool> runningHere = new();

    public async Task<ClaimResult> TryClaimAsync(long jobId, CancellationToken cancellationToken)
    {
        var me = await node.NameAsync(cancellationToken);
        if (!runningHere.TryAdd(jobId, true))
        {
            return new ClaimResult(false, $"already running on {me}");
        }
        try
        {
            // Without a cluster every node but this one is gone; in a cluster, the nodes that stopped checking in.
            var alive = await node.AliveAsync(cancellationToken) ?? [me];
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var lease = now.AddSeconds(options.Value.ClaimLeaseSeconds);
            int taken;
            using (await writes.EnterAsync(cancellationToken))
            {
                // The claim and its batch's start are one commit.
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                taken = await db.MarketplaceJobs
                    .Where(job => job.Id == jobId
                        && (job.Status == MarketplaceJobStatus.Pending
                            || (job.Status == MarketplaceJobStatus.Running
                                && (job.ClaimedUntil < now || job.ClaimedBy == me || !alive.Contains(job.ClaimedBy!)))))
                    .ExecuteUpdateAsync(update => update
                        .SetProperty(job => job.Status, MarketplaceJobStatus.Running)
                        .SetProperty(job => job.ClaimedBy, me)
                        .SetProperty(job => job.ClaimedUntil, lease)
                        .SetProperty(job => job.Attempts, job => job.Attempts + 1)
                        .SetProperty(job => job.StartedAt, job => job.StartedAt ?? now), cancellationToken);
                if (taken > 0)
                {
                    await db.BatchJobs
                        .Where(batch => batch.Status == BatchStatus.Pending && db.MarketplaceJobs.Any(job => job.Id == jobId && job.BatchId == batch.Id))
                        .ExecuteUpdateAsync(update => update
                            .SetProperty(batch => batch.Status, BatchStatus.Running)
                            .SetProperty(batch => batch.StartedAt, now), cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                }
            }
            if (taken == 0)
            {
                runningHere.TryRemove(jobId, out _);
                var held = await db.MarketplaceJobs.AsNoTracking().Where(job => job.Id == jobId)
                    .Select(job => new { job.Status, job.ClaimedBy }).FirstOrDefaultAsync(cancellationToken);
                return new ClaimResult(false, held is null ? $"marketplace job {jobId} no longer exists"
                    : held.Status == MarketplaceJobStatus.Running ? $"held by {held.ClaimedBy}"
                    : $"already {held.Status.ToString().ToLowerInvariant()}");
            }
            return ClaimResult.Granted;
        }
        catch
        {
            runningHere.TryRemove(jobId, out _);
            throw;
        }
    }

    /// <summary>The job no longer runs in this process (ended, or stopped by a fault it will be retried after).</summary>
    public void Release(long jobId) => runningHere.TryRemove(jobId, out _);
}
