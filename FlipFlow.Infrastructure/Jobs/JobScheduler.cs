using FlipFlow.Domain.Jobs;

namespace FlipFlow.Infrastructure.Jobs;

/// <summary>
/// The jobs console's and the `jobs` verbs' one way into the scheduler: lists jobs with their state, and
/// pauses, resumes, triggers, retries, cancels and reschedules them. Everything it changes is stored in the
/// database, so it takes effect in every FlipFlow process, running or started later.
/// </summary>
public interface IJobScheduler
{
    Task<IReadOnlyList<JobStatus>> ListAsync(CancellationToken cancellationToken = default);

    Task<JobStatus> GetAsync(string jobId, CancellationToken cancellationToken = default);

    Task<SchedulerStatus> StatusAsync(CancellationToken cancellationToken = default);

    /// <summary>Stops the job's schedule until resumed; survives restarts. A running run carries on.</summary>
    Task PauseAsync(string jobId, CancellationToken cancellationToken = default);

    Task ResumeAsync(string jobId, CancellationToken cancellationToken = default);

    Task PauseAllAsync(CancellationToken cancellationToken = default);

    Task ResumeAllAsync(CancellationToken cancellationToken = default);

    /// <summary>Runs the job now, paused or not; returns the id its run will have.</summary>
    Task<Guid> TriggerAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Runs the job now for a batch of marketplace work; its run records the batch (<see cref="JobTrigger.Batch"/>). Returns the run's id.</summary>
    Task<Guid> TriggerForBatchAsync(string jobId, long batchId, CancellationToken cancellationToken = default);

    /// <summary>Runs a failed, cancelled or interrupted run once more, as the next attempt of the same run; returns the new attempt's id.</summary>
    Task<Guid> RetryAsync(Guid runId, CancellationToken cancellationToken = default);

    /// <summary>Asks a running run to stop; it stops at its next cancellation check. False when it is not running.</summary>
    Task<bool> CancelAsync(Guid runId, CancellationToken cancellationToken = default);

    /// <summary>Whether another FlipFlow process runs jobs on this database now (a server, or another node).</summary>
    Task<bool> IsRunningElsewhereAsync(CancellationToken cancellationToken = default);

    /// <summary>Replaces the job's schedule (validated; a paused job stays paused). The new schedule survives restarts.</summary>
    Task<JobStatus> RescheduleAsync(string jobId, string cron, CancellationToken cancellationToken = default);
}
