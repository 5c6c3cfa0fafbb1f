namespace FlipFlow.Domain.Batches;

public enum BatchStatus
{
    Pending,
    Running,
    Completed,
    CompletedWithFailures,
    Failed,
    Cancelled,
}

/// <summary>
/// A piece of marketplace work a person asked for ("Publish 200 products to Demo"): a set of
/// <see cref="MarketplaceJob"/>s. Only a job's end changes its batch's counters, in the job's own commit.
/// </summary>
public sealed class BatchJob
{
    public long Id { get; set; }
    public required string Title { get; set; }

    /// <summary>Who asked: a user's email, or "cli" and the like.</summary>
    public required string RequestedBy { get; set; }

    public BatchStatus Status { get; set; }
    public int TotalJobs { get; set; }
    public int SucceededJobs { get; set; }
    public int FailedJobs { get; set; }
    public int CancelledJobs { get; set; }
    public bool CancelRequested { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    public List<MarketplaceJob> Jobs { get; set; } = [];

    public int FinishedJobs => SucceededJobs + FailedJobs + CancelledJobs;

    /// <summary>Finished jobs over all jobs, 0 to 1.</summary>
    public double Progress => TotalJobs == 0 ? 1 : (double)FinishedJobs / TotalJobs;

    /// <summary>Ended, whichever way: not <see cref="UnfinishedWork.Batch"/>.</summary>
    public bool IsFinished => !UnfinishedWork.IsUnfinished(Status);

    /// <summary>The status a batch ends with once all its jobs have.</summary>
    public static BatchStatus FinalStatus(bool cancelRequested, int succeeded, int failed, int cancelled) =>
        failed == 0 && cancelled == 0 ? BatchStatus.Completed
        : cancelRequested ? BatchStatus.Cancelled
        : succeeded == 0 ? BatchStatus.Failed
        : BatchStatus.CompletedWithFailures;
}
