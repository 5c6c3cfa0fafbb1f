namespace FlipFlow.Domain.Jobs;

public enum JobOutcome
{
    Running,
    Succeeded,
    Failed,
    Retrying,
    Cancelled,
    Interrupted,
}

/// <summary>What started a run.</summary>
public enum JobTrigger
{
    Schedule,
    Manual,
    Retry,
    Recovery,

    /// <summary>A batch of marketplace work asked for it: <see cref="JobRun.BatchId"/> says which.</summary>
    Batch,
}

/// <summary>
/// One attempt of one job: every execution leaves one. Retries of the same run share <see cref="ChainId"/>
/// (the first attempt's id), so the console shows them as one run with its attempts.
/// </summary>
public sealed class JobRun
{
    public Guid Id { get; set; }
    public Guid ChainId { get; set; }
    public required string JobId { get; set; }
    public JobTrigger Trigger { get; set; }

    /// <summary>
    /// The batch whose creation, retry or resumption asked for this run, when one did; kept on the run's automatic
    /// retries too. Only an id: the jobs feature does not know what a batch holds.
    /// </summary>
    public long? BatchId { get; set; }

    /// <summary>The scheduler instance that ran it: one FlipFlow process.</summary>
    public required string Node { get; set; }

    public int Attempt { get; set; } = 1;
    public int MaxAttempts { get; set; } = 1;
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public JobOutcome Outcome { get; set; }

    /// <summary>The scheduler's id for this execution, by which a running run is cancelled from any process.</summary>
    public string? FireInstanceId { get; set; }

    public string? Error { get; set; }
    public string? StackTrace { get; set; }

    /// <summary>What the job reported it did, in words: "deleted 120 runs".</summary>
    public string? Summary { get; set; }

    /// <summary>The lines the run logged, one a line, each with its time.</summary>
    public string Log { get; set; } = "";

    public TimeSpan? Duration => FinishedAt - StartedAt;

    /// <summary>What started the run, in words: "Schedule", "Manual", "Batch 12".</summary>
    public string StartedBy => Trigger == JobTrigger.Batch && BatchId is { } batch ? $"Batch {batch}" : Trigger.ToString();
}
