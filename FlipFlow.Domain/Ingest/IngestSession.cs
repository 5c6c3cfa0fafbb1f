namespace FlipFlow.Domain.Ingest;

/// <summary>How an import from addresses was asked for: one address, or a list of them.</summary>
public enum IngestKind
{
    Single,
    Bulk,
}

/// <summary>Where an import from addresses stands as a whole.</summary>
public enum IngestStatus
{
    Queued,
    Running,

    /// <summary>Every address gave a whole listing.</summary>
    Complete,

    /// <summary>Done, with some addresses failed or read in part.</summary>
    Partial,

    /// <summary>Done, and no address gave a listing.</summary>
    Failed,
}

/// <summary>Where one address of an import stands.</summary>
public enum IngestItemStatus
{
    Queued,
    Running,

    /// <summary>Waiting for another attempt after a fault that may pass (a timeout, a 5xx, a 429).</summary>
    Retrying,

    /// <summary>The listing was written with everything an import looks for.</summary>
    Succeeded,

    /// <summary>The listing was written, but its page lacked some of what an import looks for (its seller or its images).</summary>
    Partial,

    /// <summary>No listing: the address was refused, the page could not be fetched, or no title and price could be read.</summary>
    Failed,
}

/// <summary>
/// One import from addresses: who asked and when, and its counts. Each address is an <see cref="IngestItem"/>; the
/// counts are kept by the items as they end, so a list of a thousand is read without counting its rows.
/// </summary>
public sealed class IngestSession
{
    public const int FileNameMaxLength = 260;

    public long Id { get; set; }
    public IngestKind Kind { get; set; }
    public IngestStatus Status { get; set; }

    /// <summary>Higher runs sooner among queued imports (0 by default).</summary>
    public int Priority { get; set; }

    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The uploaded file's name, for a bulk import from a file.</summary>
    public string? FileName { get; set; }

    /// <summary>The addresses to fetch: one per distinct address given.</summary>
    public int Total { get; set; }

    public int Succeeded { get; set; }
    public int Partial { get; set; }
    public int Failed { get; set; }

    /// <summary>Lines that repeated an earlier address of the same list: fetched once, under the first.</summary>
    public int Duplicates { get; set; }

    /// <summary>Lines that were not an address FlipFlow fetches; nothing was queued for them.</summary>
    public int Invalid { get; set; }

    /// <summary>How many addresses have ended, well or not.</summary>
    public int Done => Succeeded + Partial + Failed;

    /// <summary>
    /// Where an import stands from its counts: running until every address has ended; then complete when every one gave
    /// a whole listing, failed when none gave any, and partial otherwise. One that has not started stays queued.
    /// </summary>
    public static IngestStatus StatusFor(IngestStatus current, int total, int succeeded, int partial, int failed) =>
        (succeeded + partial + failed) switch
        {
            var done when done < total => current == IngestStatus.Queued && done == 0 ? IngestStatus.Queued : IngestStatus.Running,
            _ when succeeded == total => IngestStatus.Complete,
            _ when failed == total => IngestStatus.Failed,
            _ => IngestStatus.Partial,
        };
}

/// <summary>One address of an import: its fetch, what was read from it, and the market listing it became.</summary>
public sealed class IngestItem
{
    public const int UrlMaxLength = 2000;
    public const int ErrorMaxLength = 1000;

    public long Id { get; set; }
    public long SessionId { get; set; }

    /// <summary>The line of the list it came from, from 1 (a file's header is line 1).</summary>
    public int Row { get; set; }

    /// <summary>The address as given.</summary>
    public required string Url { get; set; }

    /// <summary>The address as fetched and de-duplicated (<see cref="IngestAddresses.Canonical"/>).</summary>
    public required string CanonicalUrl { get; set; }

    public IngestItemStatus Status { get; set; }

    /// <summary>Fetches made so far, retries included.</summary>
    public int Attempts { get; set; }

    public long? MarketListingId { get; set; }

    /// <summary>The adapter that read the page and its version: the listing's provenance.</summary>
    public string? Adapter { get; set; }

    public int? AdapterVersion { get; set; }

    /// <summary>The share of the fields an import looks for that the page gave, 0-1 (<see cref="PageListing.Quality"/>).</summary>
    public double? Quality { get; set; }

    /// <summary>The fields the page gave, comma-separated: "title,price,currency,seller".</summary>
    public string? Found { get; set; }

    /// <summary>Why the last attempt failed; kept on a succeeded item when an earlier attempt failed.</summary>
    public string? Error { get; set; }

    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>When a <see cref="IngestItemStatus.Retrying"/> item is fetched again.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>The engine job that fetches it.</summary>
    public string? BackgroundJobId { get; set; }

    public bool HasEnded => Status is IngestItemStatus.Succeeded or IngestItemStatus.Partial or IngestItemStatus.Failed;
}

/// <summary>
/// The raw body of one fetch, kept for <c>Ingestion:PayloadRetentionDays</c> to show what a listing was read from.
/// At most <see cref="MaxBytes"/> are kept; a larger body is cut there and <see cref="Truncated"/> says so.
/// </summary>
public sealed class IngestPayload
{
    public const int MaxBytes = 512 * 1024;

    public long Id { get; set; }
    public long ItemId { get; set; }

    /// <summary>Where the body came from, after redirects.</summary>
    public required string Url { get; set; }

    public string? MediaType { get; set; }
    public DateTimeOffset FetchedAt { get; set; }

    /// <summary>The body's whole length, before any cut.</summary>
    public long OriginalBytes { get; set; }

    public bool Truncated { get; set; }
    public required byte[] Body { get; set; }
}
