namespace FlipFlow.Domain.Batches;

/// <summary>The kinds of step a job is made of. A handler's plan names each with its type and a number where there are several.</summary>
public enum StepType
{
    Validate,
    MapData,
    UploadImage,
    UpsertInventoryItem,
    CreateOffer,
    CreateListing,
    PublishListing,
    UpdateListing,
    EndListing,
    ReadListing,
    SaveResult,
    NoOp,
}

public enum MarketplaceTaskStatus
{
    Pending,
    Running,
    Completed,
    Failed,

    /// <summary>Not run because an earlier task failed or the batch was cancelled; a retry runs it.</summary>
    Skipped,
}

/// <summary>
/// One small step of a job: committed on its own, so progress shows while the job runs. Before acting it checks
/// whether its side effect already exists, so running it again after a crash does no harm.
/// </summary>
public sealed class MarketplaceTask
{
    public long Id { get; set; }
    public long JobId { get; set; }
    public int Order { get; set; }
    public StepType Step { get; set; }

    /// <summary>The step in words, numbered where a job has several of a kind: "UploadImage 2".</summary>
    public required string Name { get; set; }

    /// <summary>What the step works on, where it needs more than the job says: an image's address.</summary>
    public string? Argument { get; set; }

    public MarketplaceTaskStatus Status { get; set; }

    /// <summary>Stable across retries: the marketplace sees the same key for the same step of the same job.</summary>
    public required string IdempotencyKey { get; set; }

    /// <summary>The side effect the step produced or found: a remote listing id, an image id, "already ended".</summary>
    public string? Result { get; set; }

    public int Attempts { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public TimeSpan? Duration => FinishedAt - StartedAt;

    public static string KeyFor(long jobId, int order) => $"ff-{jobId}-{order}";
}
