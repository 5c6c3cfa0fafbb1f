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
/// Runs the marketplace jobs waiting now in this process, without the engine, until none is left: per
/// marketplace at most Marketplaces:&lt;Name&gt;:MaxConcurrency at once, each taken with the same claim as an engine
/// job (<see cref="MarketplaceClaims"/>), so it never runs one that a worker elsewhere holds. For tests and tools
/// that need a batch's work done where they are; the engine's per-marketplace queues run it otherwise.
/// </summary>
public sealed class MarketplaceDispatcher(
    IDbContextFactory<FlipFlowDbContext> contexts,
    MarketplaceClaims claims,
    MarketplaceJobRunner runner,
    IOptions<MarketplaceOptions> marketplaceOptions,
    JobNode node,
    MarketplaceStats stats,
    TimeProvider clock,
    ILogger<MarketplaceDispatcher> logger)
{
    public async Task<DispatchReport> DrainAsync(Action<string>? log, CancellationToken cancellationToken)
    {
        var running = new List<(Marketplace Marketplace, long JobId, Task<MarketplaceJobStatus> Run)>();
        var refused = new HashSet<long>();
        // Each marketplace's claimable jobs as last read, taken in order; read again once used up, or, for a
        // marketplace found without work, when nothing runs any more.
        var candidates = Domain.Marketplaces.Marketplaces.All.ToDictionary(marketplace => marketplace, _ => new Queue<long>());
        var dry = new HashSet<Marketplace>();
        var lookedAgain = false;
        int completed = 0, failed = 0, cancelled = 0;
        try
        {
            while (true)
            {
                foreach (var marketplace in Domain.Marketplaces.Marketplaces.All)
                {
                    var free = Math.Max(1, marketplaceOptions.Value.For(marketplace).MaxConcurrency) - running.Count(run => run.Marketplace == marketplace);
                    var waiting = candidates[marketplace];
                    while (free > 0)
                    {
                        if (waiting.Count == 0)
                        {
                            if (dry.Contains(marketplace))
                            {
                                break;
                            }
                            foreach (var id in await CandidatesAsync(marketplace, running.Select(run => run.JobId).Concat(refused).ToList(), cancellationToken))
                            {
                                waiting.Enqueue(id);
                            }
                            if (waiting.Count == 0)
                            {
                                dry.Add(marketplace);
                                break;
                            }
                        }
                        var jobId = waiting.Dequeue();
                        if (!(await claims.TryClaimAsync(jobId, cancellationToken)).Taken)
                        {
                            refused.Add(jobId);
                            continue;
                        }
                        free--;
                        lookedAgain = false;
                        running.Add((marketplace, jobId, Task.Run(() => RunClaimedAsync(jobId, cancellationToken), cancellationToken)));
                    }
                }
                if (running.Count == 0)
                {
                    if (!lookedAgain)
                    {
                        // A marketplace found without work earlier may have some now: look at every one once more.
                        dry.Clear();
                        lookedAgain = true;
                        continue;
                    }
                    if (failed > 0)
                    {
                        await stats.FailureAlertsAsync(cancellationToken);
                    }
                    return new DispatchReport(completed, failed, cancelled);
                }
                await Task.WhenAny(running.Select(run => run.Run));
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
                        refused.Add(done.JobId);
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

    private async Task<MarketplaceJobStatus> RunClaimedAsync(long jobId, CancellationToken cancellationToken)
    {
        try
        {
            return await runner.RunAsync(jobId, cancellationToken);
        }
        finally
        {
            claims.Release(jobId);
        }
    }

    /// <summary>The marketplace's jobs that may be claimable, oldest first, leaving out those running here or refused.</summary>
    private async Task<IReadOnlyList<long>> CandidatesAsync(Marketplace marketplace, IReadOnlyList<long> leaveOut, CancellationToken cancellationToken)
    {
        var me = await node.NameAsync(cancellationToken);
        var alive = await node.AliveAsync(cancellationToken) ?? [me];
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.MarketplaceJobs.AsNoTracking()
            .Where(job => job.Marketplace == marketplace && !leaveOut.Contains(job.Id)
                && (job.Status == MarketplaceJobStatus.Pending
                    || (job.Status == MarketplaceJobStatus.Running && (job.ClaimedUntil < now || job.ClaimedBy == me || !alive.Contains(job.ClaimedBy!)))))
            .OrderBy(job => job.Id)
            .Select(job => job.Id)
            .Take(64)
            .ToListAsync(cancellationToken);
    }
}
