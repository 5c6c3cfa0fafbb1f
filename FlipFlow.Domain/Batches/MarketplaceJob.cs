using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Products;

namespace FlipFlow.Domain.Batches;

public enum MarketplaceOperation
{
    Publish,
    Update,
    End,
    Relist,
    Sync,
}

public enum MarketplaceJobStatus
{
    Pending,
    Running,
    Completed,
    Failed,
    Cancelled,
}

/// <summary>
/// One operation on one marketplace for one product or listing, made of <see cref="MarketplaceTask"/>s run in
/// order. It stays Running until every task has ended; a retry resumes at the first task not Completed.
/// </summary>
public sealed class MarketplaceJob
{
    public long Id { get; set; }
    public long BatchId { get; set; }
    public BatchJob? Batch { get; set; }
    public MarketplaceOperation Operation { get; set; }
    public Marketplace Marketplace { get; set; }
    public long? ProductId { get; set; }
    public Product? Product { get; set; }

    /// <summary>The listing the job works on; for a Publish, the listing it created.</summary>
    public long? ListingId { get; set; }

    public Listing? Listing { get; set; }
    public MarketplaceJobStatus Status { get; set; }

    /// <summary>How many times a dispatcher has taken the job up.</summary>
    public int Attempts { get; set; }

    /// <summary>The node running the job, and until when its claim holds unless renewed.</summary>
    public string? ClaimedBy { get; set; }

    public DateTimeOffset? ClaimedUntil { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The engine's job that runs this one (a Hangfire background job id); null until it is enqueued.</summary>
    public string? BackgroundJobId { get; set; }

    /// <summary>The failed task's error, for lists.</summary>
    public string? Error { get; set; }

    public List<MarketplaceTask> Tasks { get; set; } = [];

    /// <summary>Ended, whichever way: not <see cref="UnfinishedWork.Job"/>.</summary>
    public bool IsFinished => !UnfinishedWork.IsUnfinished(Status);
}
