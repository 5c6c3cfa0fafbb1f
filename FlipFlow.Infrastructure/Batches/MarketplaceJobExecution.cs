using FlipFlow.Domain.Batches;
using FlipFlow.Infrastructure.Database;
using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FlipFlow.Infrastructure.Batches;

/// <summary>
/// One marketplace job as the engine runs it: a Hangfire background job on its marketplace's queue, named for
/// what it does. It claims the job (a second delivery of a job held elsewhere, or already ended, runs no task),
/// then runs it with <see cref="MarketplaceJobRunner"/>, which resumes at the first unfinished task. A job the
/// runner ends Failed throws <see cref="MarketplaceJobFailedException"/>, which the engine does not retry; any
/// other fault (the database gone) is retried a few times, and the claim lets the retry take the job up.
/// </summary>
public sealed class MarketplaceJobExecution(
    MarketplaceClaims claims,
    MarketplaceJobRunner runner,
    MarketplaceStats stats,
    IDbContextFactory<FlipFlowDbContext> contexts,
    JobStorage storage,
    ILogger<MarketplaceJobExecution> logger)
{
    /// <summary>Attempts the engine makes after the first when a run ends in a fault, and the waits before them.</summary>
    public const int FaultRetries = 3;

    [JobDisplayName("{1}")]
    [AutomaticRetry(Attempts = FaultRetries, DelaysInSeconds = [2, 15, 60], ExceptOn = [typeof(MarketplaceJobFailedException)],
        OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    public async Task<string> RunAsync(long marketplaceJobId, string title, CancellationToken cancellationToken)
    {
        var claim = await claims.TryClaimAsync(marketplaceJobId, cancellationToken);
        if (!claim.Taken)
        {
            return $"Ran nothing: {claim.Reason}.";
        }
        try
        {
            var status = await runner.RunAsync(marketplaceJobId, cancellationToken);
            if (status == MarketplaceJobStatus.Failed)
            {
                await stats.FailureAlertsAsync(CancellationToken.None);
                var error = await ReadAsync(marketplaceJobId, job => job.Error);
                throw new MarketplaceJobFailedException(error ?? $"{title} failed.");
            }
            return status.ToString();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (!await DeletedAsync(marketplaceJobId))
            {
                // The process is stopping: the job stays Running and is taken up again, at its first unfinished task.
                throw;
            }
            // Deleted on the engine's dashboard while it ran: the job ends here.
            logger.LogInformation("Marketplace job {Job} ({Title}) was deleted on the dashboard while it ran; cancelled", marketplaceJobId, title);
            await runner.CancelAsync(marketplaceJobId, "Deleted on the dashboard.", CancellationToken.None);
            return MarketplaceJobStatus.Cancelled.ToString();
        }
        finally
        {
            claims.Release(marketplaceJobId);
        }
    }

    /// <summary>Whether the engine job that runs this marketplace job has been deleted (its token fires for that and for a shutdown).</summary>
    private async Task<bool> DeletedAsync(long marketplaceJobId)
    {
        var id = await ReadAsync(marketplaceJobId, job => job.BackgroundJobId);
        if (id is null)
        {
            return false;
        }
        using var connection = storage.GetConnection();
        return connection.GetStateData(id)?.Name == DeletedState.StateName;
    }

    private async Task<string?> ReadAsync(long marketplaceJobId, System.Linq.Expressions.Expression<Func<MarketplaceJob, string?>> column)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        return await db.MarketplaceJobs.Where(job => job.Id == marketplaceJobId).Select(column).FirstOrDefaultAsync(CancellationToken.None);
    }
}
