using FlipFlow.Domain.Market;

namespace FlipFlow.Domain.Imports;

/// <summary>What a file import brings in. Inventory is the first kind; the log and its undo serve any kind.</summary>
public enum ImportKind
{
    Inventory,
}

public enum ImportStatus
{
    Queued,
    Running,
    Succeeded,

    /// <summary>Done, with rows skipped by the operator's choice or held back until their SKU is reviewed.</summary>
    Partial,

    /// <summary>Stopped by an error; whatever it had written was taken back.</summary>
    Failed,

    /// <summary>Stopped by an operator; whatever it had written was taken back.</summary>
    Cancelled,
    Undone,
}

/// <summary>
/// One file import: what, from where, by whom, the operator's choice on bad rows, its progress and counts, and
/// whether it was undone. Its changes to the inventory are kept row by row (<see cref="ImportRowChange"/>) so
/// that an undo restores exactly what was there.
/// </summary>
public sealed class ImportRun
{
    public const int FileNameMaxLength = 260;

    public long Id { get; set; }
    public ImportKind Kind { get; set; }

    /// <summary>The platform preset: rows with an empty platform cell are this platform's.</summary>
    public MarketPlatform? Platform { get; set; }

    public required string FileName { get; set; }

    /// <summary>SHA-256 of the file, in lower-case hex.</summary>
    public required string FileHash { get; set; }

    public long FileBytes { get; set; }

    /// <summary>Where the uploaded file waits for its job, inside the data folder; cleared once the import ends.</summary>
    public string? StoredPath { get; set; }

    /// <summary>The file's header row, as CSV: the refused rows download under it.</summary>
    public string? Header { get; set; }

    /// <summary>"comma", "semicolon" or "tab", as detected.</summary>
    public string? Delimiter { get; set; }

    /// <summary>The operator chose to import the good rows and skip the bad ones.</summary>
    public bool SkipInvalid { get; set; }

    public ImportStatus Status { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public bool CancelRequested { get; set; }

    public int TotalRows { get; set; }
    public int ProcessedRows { get; set; }
    public int Added { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }

    /// <summary>Rows with a problem, skipped by the operator's choice.</summary>
    public int Refused { get; set; }

    /// <summary>Rows whose SKU waits in the review queue or was rejected; they import once it is mapped.</summary>
    public int Held { get; set; }

    public int NewSellers { get; set; }
    public int NewMappings { get; set; }
    public int MappingsToReview { get; set; }
    public string? Error { get; set; }
    public string? UndoneBy { get; set; }
    public DateTimeOffset? UndoneAt { get; set; }

    public bool IsFinished => Status is not (ImportStatus.Queued or ImportStatus.Running);
}

/// <summary>
/// One inventory item an import found already there, with what it held before, so that an undo puts it back. The
/// items an import added carry its id instead (<c>InventoryItem.CreatedByImportId</c>), and an undo deletes them.
/// </summary>
public sealed class ImportRowChange
{
    public long Id { get; set; }
    public long ImportId { get; set; }
    public long InventoryItemId { get; set; }
    public int QuantityBefore { get; set; }
    public decimal? PriceBefore { get; set; }
    public string? NotesBefore { get; set; }
    public required string SkuBefore { get; set; }
    public DateTimeOffset UpdatedAtBefore { get; set; }
    public DateTimeOffset LastVerifiedAtBefore { get; set; }
    public long? LastImportIdBefore { get; set; }
}

/// <summary>A row an import did not write, as the file had it, with the reason: the report's download.</summary>
public sealed class ImportRefusedRow
{
    public long Id { get; set; }
    public long ImportId { get; set; }
    public int Row { get; set; }

    /// <summary>The row's cells, as one CSV line.</summary>
    public required string Line { get; set; }

    public required string Reason { get; set; }

    /// <summary>True for a row held until its SKU is reviewed, false for a row with a problem.</summary>
    public bool Held { get; set; }
}
