using FlipFlow.Domain.Batches;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Jobs;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FlipFlow.Infrastructure.Batches;

/// <summary>
/// Finds unfinished marketplace jobs that no engine job will run (<see cref="MarketplaceJobDelivery"/>): never
/// enqueued because the process died between the batch's commit and the enqueue, or whose engine job is gone or
/// ended while the job still waits; and enqueues them again. Run by the <c>marketplace-work</c> job and once
/// when the process starts.
/// </summary>
public sealed class MarketplaceSweeper(
    IDbContextFactory<FlipFlowDbContext> contexts,
    JobStorage storage,
    JobNode node,
    BatchJobEnqueuer enqueuer,
    DatabaseWriteGate writes,
    TimeProvider clock,
    ILogger<MarketplaceSweeper> logger) : BackgroundService
{
    /// <summary>Returns how many jobs it enqueued again.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var me = await node.NameAsync(cancellationToken);
        var alive = await node.AliveAsync(cancellationToken) ?? [me];
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var unfinished = await db.MarketplaceJobs.AsNoTracking()
            .Where(UnfinishedWork.Job)
            .Select(job => new { job.Id, job.Status, job.BackgroundJobId, job.ClaimedBy, job.ClaimedUntil })
            .ToListAsync(cancellationToken);
        var lost = new List<(long Id, string? Stale)>();
        using (var connection = storage.GetConnection())
        {
            foreach (var job in unfinished)
            {
                var state = job.BackgroundJobId is null ? null : connection.GetJobData(job.BackgroundJobId)?.State;
                var lapsed = job.ClaimedUntil < now || job.ClaimedBy is null || !alive.Contains(job.ClaimedBy);
                if (MarketplaceJobDelivery.NeedsEnqueue(job.Status, state, lapsed))
                {
                    lost.Add((job.Id, job.BackgroundJobId));
                }
            }
        }
        if (lost.Count == 0)
        {
            return 0;
        }
        using (await writes.EnterAsync(cancellationToken))
        {
            // Only where the row still names the engine job found lost: one enqueued meanwhile is left alone.
            foreach (var (id, stale) in lost.Where(job => job.Stale is not null))
            {
                await db.MarketplaceJobs.Where(job => job.Id == id && job.BackgroundJobId == stale)
                    .ExecuteUpdateAsync(update => update.SetProperty(job => job.BackgroundJobId, (string?)null), cancellationToken);
            }
        }
        var enqueued = await enqueuer.EnqueueAsync(lost.Select(job => job.Id).ToList(), cancellationToken);
        logger.LogInformation("Enqueued {Count} marketplace jobs that no engine job would have run", enqueued);
        return enqueued;
    }

    /// <summary>Once at start, without holding up the start.</summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await SweepAsync(stoppingToken);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Could not look for marketplace jobs left without an engine job; the marketplace-work job will");
        }
    }
}
