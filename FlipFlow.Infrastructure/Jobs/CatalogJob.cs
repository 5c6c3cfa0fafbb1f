using FlipFlow.Domain.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>
/// The one Quartz job behind every catalogue entry: it records the attempt (Running at once, then its
/// outcome), runs the entry's work in a scope of its own with the run's cancellation token, and lets Quartz
/// retry a failure by the entry's retry policy. After the last attempt the run is Failed and an alert is logged.
/// </summary>
public sealed class CatalogJob(
    JobCatalog catalog,
    JobHistory history,
    JobNode thisNode,
    IServiceScopeFactory scopes,
    IHostApplicationLifetime lifetime,
    TimeProvider clock,
    ILogger<CatalogJob> logger) : IJob
{
    /// <summary>Job data: the id the triggered run must have, so whoever triggered it can follow it.</summary>
    public const string RunIdKey = "flipflow.run-id";

    /// <summary>Job data: the batch whose work the run was started for.</summary>
    public const string BatchIdKey = "flipflow.batch-id";

    /// <summary>Job data: the run whose chain a manual retry continues.</summary>
    public const string RetryOfKey = "flipflow.retry-of";

    public static readonly EventId AlertEvent = new(9001, "JobFailed");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var entry = catalog.Get(context.JobDetail.Key.Name);
        var run = await BeginAsync(context, entry, cancellationToken);
        var runContext = new JobRunContext(run, clock);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var work = (IJobWork)scope.ServiceProvider.GetRequiredService(entry.WorkType);
            run.Summary = Truncate(await work.RunAsync(runContext, cancellationToken), 2000);
            await EndAsync(run, runContext, JobOutcome.Succeeded, null);
        }
        catch (OperationCanceledException exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping the process interrupts a run (it is recovered at the next start if the job asks for it);
            // anything else that cancels it is a person's request.
            var outcome = lifetime.ApplicationStopping.IsCancellationRequested ? JobOutcome.Interrupted : JobOutcome.Cancelled;
            runContext.Log(outcome == JobOutcome.Interrupted ? "Stopped because FlipFlow is shutting down" : "Cancelled on request");
            await EndAsync(run, runContext, outcome, exception);
            throw;
        }
        catch (Exception exception)
        {
            var willRetry = run.Attempt < run.MaxAttempts;
            runContext.Log($"Failed: {exception.Message}{(willRetry ? $"; attempt {run.Attempt + 1} of {run.MaxAttempts} follows" : "")}");
            await EndAsync(run, runContext, willRetry ? JobOutcome.Retrying : JobOutcome.Failed, exception);
            if (!willRetry)
            {
                logger.LogError(AlertEvent, exception, "Job {JobId} failed after {Attempts} attempts: {Error}", run.JobId, run.Attempt, exception.Message);
            }
            throw;
        }
    }

    private async Task<JobRun> BeginAsync(IJobExecutionContext context, CatalogEntry entry, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        var node = await thisNode.NameAsync(cancellationToken);
        var run = new JobRun
        {
            Id = Guid.NewGuid(),
            JobId = entry.Definition.Id,
            Node = node,
            StartedAt = clock.GetUtcNow(),
            Outcome = JobOutcome.Running,
            FireInstanceId = context.FireInstanceId,
            MaxAttempts = entry.Definition.Retry.MaxAttempts,
        };
        run.ChainId = run.Id;
        // Kept on every attempt the batch's trigger fires, its automatic retries included.
        run.BatchId = RequestedBatchId(data);
        JobRun? supersedes = null;

        if (data.TryGetString(RetryOfKey, out var retryOf) && Guid.TryParse(retryOf, out var retriedRunId)
            && await history.FindAsync(retriedRunId, cancellationToken) is { } retried)
        {
            // A retry by hand is one more attempt of the same run, and the last one unless it is retried again.
            run.Trigger = JobTrigger.Retry;
            run.ChainId = retried.ChainId;
            run.Attempt = (await history.AttemptsAsync(retried.ChainId, cancellationToken)).Max(attempt => attempt.Attempt) + 1;
            run.MaxAttempts = run.Attempt;
            if (RequestedRunId(data) is { } attemptId)
            {
                run.Id = attemptId;
            }
        }
        else if (context.Recovering)
        {
            run.Trigger = JobTrigger.Recovery;
            // Quartz re-runs a firing whose process died: continue that run, still Running if nothing has
            // noticed yet, or just marked Interrupted by the start-up check.
            var cutOff = (await history.InterruptRunsAsync(other => other.JobId == run.JobId && other.Node != node, cancellationToken))
                .MaxBy(orphan => orphan.StartedAt)
                ?? await history.LatestInterruptedAsync(run.JobId, cancellationToken);
            if (cutOff is not null)
            {
                run.ChainId = cutOff.ChainId;
                run.Attempt = cutOff.Attempt + 1;
                run.MaxAttempts = Math.Max(run.MaxAttempts, run.Attempt);
            }
        }
        else if (context.RetryAttempt > 0)
        {
            run.Trigger = JobTrigger.Retry;
            run.Attempt = context.RetryAttempt + 1;
            // The attempt that failed and waited for this retry: it becomes Failed as this one starts.
            supersedes = await history.LatestRetryingAsync(run.JobId, cancellationToken);
            run.ChainId = supersedes?.ChainId ?? run.Id;
        }
        else
        {
            run.Trigger = run.BatchId is not null ? JobTrigger.Batch
                : data.ContainsKey(SchedulerConstants.ManualTrigger) ? JobTrigger.Manual
                : JobTrigger.Schedule;
            if (RequestedRunId(data) is { } requestedId)
            {
                run.Id = run.ChainId = requestedId;
            }
        }

        var runContext = new JobRunContext(run, clock);
        var startedBy = run.Trigger == JobTrigger.Batch ? $"batch {run.BatchId}" : run.Trigger.ToString().ToLowerInvariant();
        runContext.Log($"Attempt {run.Attempt} of {run.MaxAttempts} started by {startedBy} on {node}");
        run.Log = runContext.LogText;
        await history.StartAsync(run, supersedes, cancellationToken);
        return run;
    }

    private static long? RequestedBatchId(JobDataMap data) =>
        data.TryGetString(BatchIdKey, out var batch) && long.TryParse(batch, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;

    private static Guid? RequestedRunId(JobDataMap data) =>
        data.TryGetString(RunIdKey, out var requested) && Guid.TryParse(requested, out var id) ? id : null;

    private async Task EndAsync(JobRun run, JobRunContext runContext, JobOutcome outcome, Exception? exception)
    {
        run.Outcome = outcome;
        run.FinishedAt = clock.GetUtcNow();
        run.Error = exception is null ? null : Truncate(exception.Message, 4000);
        run.StackTrace = exception?.ToString();
        run.Log = runContext.LogText;
        // The end is written even when the run's own token is cancelled: the record must not be lost with it.
        await history.FinishAsync(run, CancellationToken.None);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
