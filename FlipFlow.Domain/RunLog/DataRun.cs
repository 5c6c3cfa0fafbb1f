namespace FlipFlow.Domain.RunLog;

/// <summary>What kind of work brought data in or worked it over.</summary>
public enum DataRunKind
{
    InventoryImport,
    MarketScan,
    SellerBackfill,
    InventorySnapshot,
    ListingSnapshot,
}

public enum DataRunStatus
{
    Running,
    Succeeded,

    /// <summary>Done, but some of it was skipped, held or failed.</summary>
    Partial,
    Failed,
    Cancelled,
}

/// <summary>One run of data work as the run log shows it, whichever record it comes from.</summary>
public sealed record DataRun(DataRunKind Kind, string Id, string? Source, DataRunStatus Status, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt,
    string? Summary, string? Error, string? Link);

/// <summary>
/// How the run log reads each record's status, and how long it looks back: <see cref="RetentionDays"/>, the same 30 days
/// after which the market scans' records are deleted.
/// </summary>
public static class DataRuns
{
    public const int RetentionDays = 30;

    /// <summary>A market scan: running until it ends; failed when it read nothing and had errors; partial when it had errors but read something.</summary>
    public static DataRunStatus OfScan(bool finished, int seen, int errors) =>
        !finished ? DataRunStatus.Running
        : errors == 0 ? DataRunStatus.Succeeded
        : seen == 0 ? DataRunStatus.Failed
        : DataRunStatus.Partial;
}
