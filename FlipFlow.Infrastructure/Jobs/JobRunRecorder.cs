using System.Globalization;
using FlipFlow.Domain.Alerts;
using FlipFlow.Domain.Jobs;
using Hangfire;
using Hangfire.Server;
using Microsoft.Extensions.Logging;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>
/// Writes the run history of catalogue jobs from around each Hangfire performance: the attempt as Running when it
/// starts (trigger, node, attempt n of m, one chain across a run's attempts), then its outcome, error, summary and
/// log. It also decides what a job taken up again after its process stopped does: it runs again as a recovery
/// attempt when its entry asks for that, and is dropped otherwise.
/// </summary>
public sealed class JobRunRecorder(JobCatalog catalog, JobHistory history, JobNode thisNode, NoOverlapGuard noOverlap, TimeProvider clock,
    IAlerts alerts, ILogger<JobRunRecorder> logger)
    : IServerFilter
{
    /// <summary>Job parameter: what started the run (<see cref="ManualTrigger"/>, or none for the schedule).</summary>
    public const string TriggerKey = "flipflow.trigger";

    public const string ManualTrigger = "manual";

    /// <summary>Job parameter: the id the run must have, so whoever triggered it can follow it.</summary>
    public const string RunIdKey = "flipflow.run-id";

    /// <summary>Job parameter: the batch whose work the run was started for.</summary>
    public const string BatchIdKey = "flipflow.batch-id";

    /// <summary>Job parameter: the chain this Hangfire job's attempts belong to, set when it is created.</summary>
    public const string ChainIdKey = "flipflow.chain-id";

    private const string RunItem = "flipflow.run";

    public static readonly EventId AlertEvent = new(9001, "JobFailed");

    private sealed record Recorded(JobRun Run, JobRunContext Context);

    /// <summary>The run context the recorder made for this performance, for the job to log through.</summary>
    public static JobRunContext? RunOf(PerformContext? context) =>
        context is not null && context.Items.TryGetValue(RunItem, out var item) && item is Recorded recorded ? recorded.Context : null;

    public void OnPerforming(PerformingContext context)
    {
        if (CatalogJobRunner.JobIdOf(context.BackgroundJob.Job) is not { } jobId || catalog.Find(jobId) is not { } entry)
        {
            return;
        }
        var run = noOverlap.StartAlone(context, entry, () => Begin(context, entry));
        if (run is null)
        {
            context.Canceled = true;
            return;
        }
        context.Items[RunItem] = new Recorded(run, new JobRunContext(run, clock));
    }

    public void OnPerformed(PerformedContext context)
    {
        if (!context.Items.TryGetValue(RunItem, out var item) || item is not Recorded (var run, var runContext))
        {
            return;
        }
        var exception = context.Exception;
        switch (exception)
        {
            case null:
                run.Outcome = JobOutcome.Succeeded;
                run.Summary = context.Result is string summary ? Truncate(summary, 2000) : null;
                break;
            case JobAbortedException:
                // The Hangfire job was deleted while it ran: Cancel in the console, or Delete on the dashboard.
                run.Outcome = JobOutcome.Cancelled;
                runContext.Log("Cancelled on request");
                break;
            case OperationCanceledException:
                // Only a shutdown reaches here as itself; the job is handed back and decided on at the next start.
                run.Outcome = JobOutcome.Interrupted;
                runContext.Log("Stopped because FlipFlow is shutting down");
                break;
            default:
                var error = exception is JobPerformanceException { InnerException: { } inner } ? inner : exception;
                var willRetry = run.Attempt < run.MaxAttempts;
                runContext.Log($"Failed: {error.Message}{(willRetry ? $"; attempt {run.Attempt + 1} of {run.MaxAttempts} follows" : "")}");
                run.Outcome = willRetry ? JobOutcome.Retrying : JobOutcome.Failed;
                exception = error;
                if (!willRetry)
                {
                    logger.LogError(AlertEvent, error, "Job {JobId} failed after {Attempts} attempts: {Error}", run.JobId, run.Attempt, error.Message);
                    alerts.RaiseAsync(AlertKind.JobFailed, $"job:{run.JobId}",
                        $"Job {run.JobId} failed after {run.Attempt} attempt{(run.Attempt == 1 ? "" : "s")}", error.Message, $"jobs/{run.JobId}").GetAwaiter().GetResult();
                }
                break;
        }
        run.FinishedAt = clock.GetUtcNow();
        run.Error = exception is null ? null : Truncate(exception.Message, 4000);
        run.StackTrace = exception?.ToString();
        run.Log = runContext.LogText;
        // Hangfire's filters are synchronous, and its workers are threads of their own: waiting here blocks nothing else.
        history.FinishAsync(run).GetAwaiter().GetResult();
    }

    /// <remarks>Parameters are read from the snapshot the worker fetched with the job: one query fewer each.</remarks>
    private JobRun? Begin(PerformContext context, CatalogEntry entry)
    {
        var run = new JobRun
        {
            Id = Guid.TryParse(context.GetJobParameter<string>(RunIdKey, allowStale: true), out var requestedId) ? requestedId : Guid.NewGuid(),
            JobId = entry.Definition.Id,
            Node = thisNode.Name,
            StartedAt = clock.GetUtcNow(),
            Outcome = JobOutcome.Running,
            FireInstanceId = context.BackgroundJob.Id,
            MaxAttempts = entry.Definition.Retry.MaxAttempts,
            BatchId = long.TryParse(context.GetJobParameter<string>(BatchIdKey, allowStale: true), NumberStyles.None, CultureInfo.InvariantCulture, out var batch) ? batch : null,
        };
        // Jobs get their chain when they are created (JobChainStamp); one created before that gets it at its first attempt.
        var stampedChain = Guid.TryParse(context.GetJobParameter<string>(ChainIdKey, allowStale: true), out var chainId) ? chainId : (Guid?)null;
        var attempts = stampedChain is { } chain ? Wait(history.AttemptsAsync(chain)) : [];
        if (attempts.Count == 0)
        {
            run.ChainId = stampedChain ?? run.Id;
            run.Trigger = run.BatchId is not null ? JobTrigger.Batch
                : context.GetJobParameter<string>(TriggerKey, allowStale: true) == ManualTrigger ? JobTrigger.Manual
                : JobTrigger.Schedule;
            return Start(context, run, null, setChain: stampedChain is null);
        }

        var latest = attempts.MaxBy(attempt => attempt.Attempt)!;
        if (latest.Outcome == JobOutcome.Running)
        {
            // Its process stopped without writing the end: a live process renews the jobs it runs, so nobody else gets them.
            latest = Wait(history.InterruptRunsAsync(other => other.Id == latest.Id)).SingleOrDefault() ?? latest;
            logger.LogWarning("Run {RunId} of {JobId} was cut off when {Node} stopped; marked Interrupted", latest.Id, latest.JobId, latest.Node);
        }
        run.ChainId = latest.ChainId;
        run.BatchId ??= latest.BatchId;
        if (latest.FireInstanceId != context.BackgroundJob.Id)
        {
            // Another Hangfire job ran the chain so far: this is a retry by hand, one more attempt and the last one unless retried again.
            run.Trigger = JobTrigger.Retry;
            run.Attempt = latest.Attempt + 1;
            run.MaxAttempts = run.Attempt;
            return Start(context, run, null, setChain: false);
        }

        // This Hangfire job ran before: an automatic retry, a job handed back by a stopped process, or a requeue on the dashboard.
        run.Id = Guid.NewGuid();
        JobRun? supersedes = null;
        switch (latest.Outcome)
        {
            case JobOutcome.Retrying:
                run.Trigger = JobTrigger.Retry;
                run.Attempt = latest.Attempt + 1;
                run.MaxAttempts = Math.Max(run.MaxAttempts, latest.MaxAttempts);
                supersedes = latest;
                break;
            case JobOutcome.Interrupted when entry.Definition.RecoverAfterCrash:
                run.Trigger = JobTrigger.Recovery;
                run.Attempt = latest.Attempt + 1;
                run.MaxAttempts = Math.Max(latest.MaxAttempts, run.Attempt);
                break;
            case JobOutcome.Interrupted:
                logger.LogInformation("Run {RunId} of {JobId} was cut off when {Node} stopped; {JobId} does not ask for recovery, so it is not run again",
                    latest.Id, latest.JobId, latest.Node, latest.JobId);
                return null;
            case JobOutcome.Succeeded or JobOutcome.Running:
                return null;
            default:
                // Failed or Cancelled, and requeued on the dashboard: one more attempt, like a retry in the console.
                run.Trigger = JobTrigger.Retry;
                run.Attempt = latest.Attempt + 1;
                run.MaxAttempts = run.Attempt;
                break;
        }
        return Start(context, run, supersedes, setChain: false);
    }

    private JobRun Start(PerformContext context, JobRun run, JobRun? supersedes, bool setChain)
    {
        if (setChain)
        {
            context.SetJobParameter(ChainIdKey, run.ChainId.ToString());
        }
        var runContext = new JobRunContext(run, clock);
        var startedBy = run.Trigger == JobTrigger.Batch ? $"batch {run.BatchId}" : run.Trigger.ToString().ToLowerInvariant();
        runContext.Log($"Attempt {run.Attempt} of {run.MaxAttempts} started by {startedBy} on {run.Node}");
        run.Log = runContext.LogText;
        Wait(history.StartAsync(run, supersedes));
        return run;
    }

    private static T Wait<T>(Task<T> task) => task.GetAwaiter().GetResult();

    private static void Wait(Task task) => task.GetAwaiter().GetResult();

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
