using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Batches;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using FlipFlow.Domain.Products;

namespace FlipFlow.Infrastructure.Batches;

/// <summary>
/// Runs one claimed job to its end, task by task. Each task's completion is one commit (with the next task
/// marked Running), so progress shows while the job runs; Completed tasks are never run again. Transient errors
/// are retried in place with backoff; a permanent one fails the task and the job, and the rest are Skipped. The
/// job's end and its batch's counters are one commit. A cancelled batch stops the job before its next task.
/// The caller claims the job first (<see cref="MarketplaceClaims"/>).
/// </summary>
public sealed class MarketplaceJobRunner(
    IDbContextFactory<FlipFlowDbContext> contexts,
    MarketplaceHandlers handlers,
    BatchCancellation cancellation,
    DatabaseWriteGate writes,
    IOptions<OrchestrationOptions> options,
    TimeProvider clock,
    ILogger<MarketplaceJobRunner> logger)
{
    public async Task<MarketplaceJobStatus> RunAsync(long jobId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // One connection for the whole job rather than one taken from the pool (and set up) per commit.
        await db.Database.OpenConnectionAsync(cancellationToken);
        var job = await db.MarketplaceJobs
            .Include(job => job.Tasks)
            .Include(job => job.Product)
            .Include(job => job.Listing)
            .AsSplitQuery()
            .FirstAsync(job => job.Id == jobId, cancellationToken);
        var tasks = job.Tasks.OrderBy(task => task.Order).ToList();
        IMarketplaceHandler handler;
        try
        {
            handler = handlers.Get(job.Marketplace, job.Operation);
        }
        catch (NotSupportedException exception)
        {
            return await EndAsync(db, job, tasks, MarketplaceJobStatus.Failed, exception.Message, cancellationToken);
        }

        var cancelCheck = new CancelCheck();
        for (var index = 0; index < tasks.Count; index++)
        {
            var task = tasks[index];
            if (task.Status == MarketplaceTaskStatus.Completed)
            {
                continue;
            }
            if (await CancelRequestedAsync(db, job.BatchId, cancelCheck, cancellationToken))
            {
                return await EndAsync(db, job, tasks, MarketplaceJobStatus.Cancelled, "Cancelled before this task.", cancellationToken);
            }
            if (task.Status != MarketplaceTaskStatus.Running)
            {
                // Saved with the task's end: the job shows Running meanwhile, and each later task is marked Running
                // in its predecessor's commit, so a task costs one commit.
                Start(task);
            }
            while (true)
            {
                Exception failure;
                try
                {
                    var result = await handler.RunStepAsync(new StepContext(job, task, db, clock.GetUtcNow()), cancellationToken);
                    var now = clock.GetUtcNow();
                    task.Status = MarketplaceTaskStatus.Completed;
                    task.Result = result;
                    task.Error = null;
                    task.FinishedAt = now;
                    if (index == tasks.Count - 1)
                    {
                        return await EndAsync(db, job, tasks, MarketplaceJobStatus.Completed, null, cancellationToken);
                    }
                    Start(tasks[index + 1]);
                    if (job.ClaimedUntil - now < TimeSpan.FromSeconds(settings.ClaimLeaseSeconds / 2.0))
                    {
                        job.ClaimedUntil = now.AddSeconds(settings.ClaimLeaseSeconds);
                    }
                    await SaveAsync(db, cancellationToken);
                    break;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Stopping: the task stays Running and is run again, after a check of its side effect, when the job is taken up.
                    throw;
                }
                catch (Exception exception)
                {
                    failure = exception;
                }
                DiscardStepChanges(db);
                var transient = IsTransient(failure);
                task.Error = Truncate(failure.Message, 2000);
                if (!transient || task.Attempts >= settings.TaskMaxAttempts)
                {
                    logger.LogInformation("Task {Task} of marketplace job {Job} failed after {Attempts} attempts: {Error}",
                        task.Name, job.Id, task.Attempts, failure.Message);
                    task.Status = MarketplaceTaskStatus.Failed;
                    task.FinishedAt = clock.GetUtcNow();
                    var error = transient ? $"{task.Name} failed {task.Attempts} times: {failure.Message}" : $"{task.Name}: {failure.Message}";
                    return await EndAsync(db, job, tasks, MarketplaceJobStatus.Failed, error, cancellationToken);
                }
                await SaveAsync(db, cancellationToken);
                await Task.Delay(Backoff(failure, task.Attempts, settings), clock, cancellationToken);
                task.Attempts++;
                task.StartedAt = clock.GetUtcNow();
            }
        }
        return await EndAsync(db, job, tasks, MarketplaceJobStatus.Completed, null, cancellationToken);
    }

    /// <summary>
    /// Ends a job stopped in the middle (deleted on the engine's dashboard) as Cancelled: its unfinished tasks are
    /// Skipped, and its batch counts it. A job that has already ended is left as it is.
    /// </summary>
    public async Task CancelAsync(long jobId, string reason, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var job = await db.MarketplaceJobs.Include(job => job.Tasks).FirstAsync(job => job.Id == jobId, cancellationToken);
        if (job.IsFinished)
        {
            return;
        }
        await EndAsync(db, job, job.Tasks.OrderBy(task => task.Order).ToList(), MarketplaceJobStatus.Cancelled, reason, cancellationToken);
    }

    /// <summary>
    /// A cancellation asked for in this process counts at once; one asked for elsewhere is read from the
    /// database, at most every second, so a fast job does not pay a query per task.
    /// </summary>
    private async Task<bool> CancelRequestedAsync(FlipFlowDbContext db, long batchId, CancelCheck check, CancellationToken cancellationToken)
    {
        if (cancellation.IsRequested(batchId))
        {
            return true;
        }
        var now = clock.GetUtcNow();
        if (now - check.At < TimeSpan.FromSeconds(1))
        {
            return false;
        }
        check.At = now;
        return await db.BatchJobs.Where(batch => batch.Id == batchId).Select(batch => batch.CancelRequested).FirstAsync(cancellationToken);
    }

    private sealed class CancelCheck
    {
        public DateTimeOffset At { get; set; } = DateTimeOffset.MinValue;
    }

    private async Task SaveAsync(FlipFlowDbContext db, CancellationToken cancellationToken)
    {
        using var turn = await writes.EnterAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Timeouts, rate limits, server errors and lost connections may pass; anything else will not by itself.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        MarketplaceException marketplace => marketplace.IsTransient,
        StepFailedException => false,
        HttpRequestException or TimeoutException or IOException => true,
        DbUpdateConcurrencyException => false,
        DbUpdateException or System.Data.Common.DbException => true,
        _ => false,
    };

    private void Start(MarketplaceTask task)
    {
        task.Status = MarketplaceTaskStatus.Running;
        task.StartedAt = clock.GetUtcNow();
        task.FinishedAt = null;
        task.Attempts++;
    }

    private static TimeSpan Backoff(Exception failure, int attempt, OrchestrationOptions settings)
    {
        if (failure is TransientMarketplaceException { RetryAfter: { } retryAfter } && retryAfter > TimeSpan.Zero)
        {
            return retryAfter;
        }
        var seconds = Math.Min(settings.RetryInitialSeconds * Math.Pow(2, attempt - 1), settings.RetryMaxSeconds);
        return TimeSpan.FromSeconds(seconds * (0.8 + Random.Shared.NextDouble() * 0.4));
    }

    /// <summary>
    /// Undoes what a failed step changed in the context (listings it added or edited), so that its retry, or the
    /// job's failure, commits none of it. The job and its tasks stay as the runner set them.
    /// </summary>
    private static void DiscardStepChanges(FlipFlowDbContext db)
    {
        foreach (var entry in db.ChangeTracker.Entries().Where(entry => entry.Entity is not (MarketplaceJob or MarketplaceTask)).ToList())
        {
            switch (entry.State)
            {
                case EntityState.Added:
                    entry.State = EntityState.Detached;
                    break;
                case EntityState.Modified or EntityState.Deleted:
                    Revert(entry);
                    break;
            }
        }
    }

    private static void Revert(EntityEntry entry)
    {
        entry.CurrentValues.SetValues(entry.OriginalValues);
        entry.State = EntityState.Unchanged;
    }

    /// <summary>Ends the job: tasks not Completed or Failed become Skipped; the job's end and its batch's counters commit together.</summary>
    private async Task<MarketplaceJobStatus> EndAsync(FlipFlowDbContext db, MarketplaceJob job, List<MarketplaceTask> tasks,
        MarketplaceJobStatus status, string? error, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var task in tasks.Where(task => task.Status is MarketplaceTaskStatus.Pending or MarketplaceTaskStatus.Running))
        {
            task.Status = MarketplaceTaskStatus.Skipped;
            task.FinishedAt = null;
        }
        job.Status = status;
        job.Error = Truncate(error, 2000);
        job.FinishedAt = now;
        job.ClaimedBy = null;
        job.ClaimedUntil = null;
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await BatchProgress.RecordJobEndsAsync(db, job.BatchId,
            status == MarketplaceJobStatus.Completed ? 1 : 0,
            status == MarketplaceJobStatus.Failed ? 1 : 0,
            status == MarketplaceJobStatus.Cancelled ? 1 : 0, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return status;
    }

    private static string? Truncate(string? text, int length) => text is { } value && value.Length > length ? value[..length] : text;
}
