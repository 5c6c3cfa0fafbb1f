using System.Security.Cryptography;
using FlipFlow.Domain.Imports;
using FlipFlow.Domain.Common;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Jobs;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Imports;

/// <summary>Why an import or its undo was refused, for the operator.</summary>
public sealed class ImportActionException(string message, Refusal reason = Refusal.Conflict) : Exception(message)
{
    public Refusal Reason { get; } = reason;
}

/// <summary>
/// Inventory file imports: an uploaded file is kept in the data folder and queued, for the <c>inventory-import</c> job
/// (or the CLI, which runs it at once) to run through <see cref="InventoryImportRunner"/>; then their log, the rows they
/// did not write, cancel and undo.
/// </summary>
public sealed class InventoryImports(
    IDbContextFactory<FlipFlowDbContext> contexts,
    DatabaseWriteGate writes,
    DatabaseSettings settings,
    IJobScheduler scheduler,
    TimeProvider clock)
{
    public const string Currency = "USD";

    /// <summary>Keeps the file in the data folder and queues its import; the file is checked again when it runs.</summary>
    public async Task<ImportRun> QueueAsync(Stream file, string fileName, MarketPlatform? platform, bool skipInvalid, string user,
        CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(settings.DataFolder, "imports");
        Directory.CreateDirectory(folder);
        var stored = Path.Combine(folder, $"{Guid.NewGuid():N}.csv");
        string hash;
        long bytes;
        try
        {
            await using (var output = File.Create(stored))
            {
                (hash, bytes) = await CopyAsync(file, output, cancellationToken);
            }
            if (bytes > InventoryCsvReader.MaxFileBytes)
            {
                throw new ImportActionException($"{fileName} is larger than the {InventoryCsvReader.MaxFileBytes / 1024 / 1024} MB an import may be.");
            }
        }
        catch
        {
            File.Delete(stored);
            throw;
        }
        var run = new ImportRun
        {
            Kind = ImportKind.Inventory,
            Platform = platform,
            FileName = Path.GetFileName(fileName) is { Length: > 0 } name ? name[..Math.Min(name.Length, ImportRun.FileNameMaxLength)] : "upload.csv",
            FileHash = hash,
            FileBytes = bytes,
            StoredPath = stored,
            SkipInvalid = skipInvalid,
            Status = ImportStatus.Queued,
            CreatedBy = user,
            CreatedAt = clock.GetUtcNow(),
        };
        using (await writes.EnterAsync(cancellationToken))
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            db.ImportRuns.Add(run);
            await db.SaveChangesAsync(cancellationToken);
        }
        return run;
    }

    /// <summary>Queues the file's import and starts the <c>inventory-import</c> job to run it in the background.</summary>
    public async Task<ImportRun> StartAsync(Stream file, string fileName, MarketPlatform? platform, bool skipInvalid, string user,
        CancellationToken cancellationToken = default)
    {
        var run = await QueueAsync(file, fileName, platform, skipInvalid, user, cancellationToken);
        await scheduler.TriggerAsync(InventoryImportWork.Definition.Id, cancellationToken);
        return run;
    }

    /// <summary>
    /// Asks an import to stop: a queued one is cancelled at once, a running one at its next batch, taking back what it
    /// wrote. False when the import has already ended.
    /// </summary>
    public async Task<bool> CancelAsync(long importId, CancellationToken cancellationToken = default)
    {
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var queued = await db.ImportRuns.Where(run => run.Id == importId && run.Status == ImportStatus.Queued)
            .ExecuteUpdateAsync(update => update.SetProperty(run => run.Status, ImportStatus.Cancelled)
                .SetProperty(run => run.FinishedAt, clock.GetUtcNow()).SetProperty(run => run.Error, "Cancelled before it started."), cancellationToken);
        var running = await db.ImportRuns.Where(run => run.Id == importId && run.Status == ImportStatus.Running)
            .ExecuteUpdateAsync(update => update.SetProperty(run => run.CancelRequested, true), cancellationToken);
        return queued + running > 0;
    }

    /// <summary>
    /// Restores the inventory as it was before the import: the items it added are deleted, the ones it changed get their
    /// values back. Refused when a later import, not undone, wrote the same items: undo that one first.
    /// </summary>
    public async Task<ImportRun> UndoAsync(long importId, string user, CancellationToken cancellationToken = default)
    {
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var run = await db.ImportRuns.FirstOrDefaultAsync(run => run.Id == importId, cancellationToken)
            ?? throw new ImportActionException($"There is no import {importId}.", Refusal.NotFound);
        if (run.Status is not (ImportStatus.Succeeded or ImportStatus.Partial))
        {
            throw new ImportActionException(run.Status == ImportStatus.Undone
                ? $"Import {importId} was undone already, by {run.UndoneBy} at {run.UndoneAt:u}."
                : $"Import {importId} is {run.Status.ToString().ToLowerInvariant()}: only a finished import that wrote rows can be undone.");
        }
        var mine = db.ImportRowChanges.Where(change => change.ImportId == importId).Select(change => change.InventoryItemId);
        var added = db.InventoryItems.Where(item => item.CreatedByImportId == importId).Select(item => item.Id);
        var later = await db.ImportRowChanges
            .Where(change => change.ImportId > importId && (mine.Contains(change.InventoryItemId) || added.Contains(change.InventoryItemId)))
            .Where(change => db.ImportRuns.Any(other => other.Id == change.ImportId && other.Status != ImportStatus.Undone))
            .Select(change => change.ImportId).Distinct().OrderBy(id => id).Take(5).ToListAsync(cancellationToken);
        if (later.Count > 0)
        {
            throw new ImportActionException(
                $"Import {string.Join(", ", later)} changed the same inventory after import {importId}; undo {(later.Count == 1 ? "it" : "them")} first.");
        }
        await new InventoryWriter(db).ReverseAsync(importId, cancellationToken);
        run.Status = ImportStatus.Undone;
        run.UndoneBy = user;
        run.UndoneAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return run;
    }

    public async Task<ImportRun?> GetAsync(long importId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ImportRuns.AsNoTracking().FirstOrDefaultAsync(run => run.Id == importId, cancellationToken);
    }

    /// <summary>The imports, newest first, with the total.</summary>
    public async Task<(IReadOnlyList<ImportRun> Imports, int Total)> ListAsync(int page, int pageSize, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var total = await db.ImportRuns.CountAsync(cancellationToken);
        var imports = await db.ImportRuns.AsNoTracking().OrderByDescending(run => run.Id).Skip(page * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return (imports, total);
    }

    /// <summary>The rows an import did not write, in file order, with the reason.</summary>
    public async Task<IReadOnlyList<ImportRefusedRow>> SetAsideRowsAsync(long importId, int offset, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ImportRefusedRows.AsNoTracking().Where(row => row.ImportId == importId).OrderBy(row => row.Row)
            .Skip(offset).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The rows an import did not write as a CSV to fix and import again: a row number and reason, then the row's own
    /// cells under the file's header.
    /// </summary>
    public async Task WriteSetAsideCsvAsync(long importId, TextWriter output, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await output.WriteAsync("row,reason,");
        await output.WriteAsync(await db.ImportRuns.Where(run => run.Id == importId).Select(run => run.Header).FirstOrDefaultAsync(cancellationToken) ?? "");
        await output.WriteAsync("\r\n");
        await foreach (var row in db.ImportRefusedRows.AsNoTracking().Where(row => row.ImportId == importId).OrderBy(row => row.Row)
            .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            await output.WriteAsync($"{row.Row},{Common.CsvWriter.Escape(row.Reason)},{row.Line}\r\n");
        }
    }

    private static async Task<(string Hash, long Bytes)> CopyAsync(Stream input, Stream output, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long bytes = 0;
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
        {
            bytes += read;
            if (bytes > InventoryCsvReader.MaxFileBytes)
            {
                return ("", bytes);
            }
            sha.AppendData(buffer, 0, read);
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        return (Convert.ToHexStringLower(sha.GetHashAndReset()), bytes);
    }

}
