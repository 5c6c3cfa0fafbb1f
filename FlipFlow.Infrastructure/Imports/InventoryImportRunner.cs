using FlipFlow.Domain.Alerts;
using FlipFlow.Infrastructure.Alerts;
using FlipFlow.Domain.Imports;
using FlipFlow.Domain.Market;
using FlipFlow.Domain.Sellers;
using FlipFlow.Domain.Skus;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Sellers;
using FlipFlow.Infrastructure.Skus;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace FlipFlow.Infrastructure.Imports;

/// <summary>
/// Runs queued inventory imports, each reading its file twice, streaming. The first pass finds every problem: a file with
/// any imports nothing unless the operator chose to skip the bad rows. The second writes in batches of
/// <see cref="InventoryPlanner.BatchSize"/>, one transaction each, with the import's progress. A cancelled or failed
/// import takes back what it wrote, so an import is all or nothing of the rows it was asked to import.
/// </summary>
public sealed class InventoryImportRunner(
    IDbContextFactory<FlipFlowDbContext> contexts,
    InventoryPlanner planner,
    InventoryImports imports,
    DatabaseWriteGate writes,
    TimeProvider clock,
    IAlerts alerts,
    DataHealthAlerts health,
    ILogger<InventoryImportRunner> logger)
{
    /// <summary>Set-aside rows a failed import keeps for its report; all of them are counted.</summary>
    private const int ProblemRowsKept = 10_000;

    /// <summary>Runs every queued import, oldest first; returns how many ran.</summary>
    public async Task<int> RunQueuedAsync(Action<string> log, CancellationToken cancellationToken)
    {
        var ran = 0;
        while (true)
        {
            long? next;
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                next = await db.ImportRuns.Where(run => run.Status == ImportStatus.Queued).OrderBy(run => run.Id)
                    .Select(run => (long?)run.Id).FirstOrDefaultAsync(cancellationToken);
            }
            if (next is not { } id)
            {
                return ran;
            }
            var done = await RunAsync(id, cancellationToken);
            log($"Import {id} ({done.FileName}): {done.Status}, {done.Added} added, {done.Updated} updated, {done.Unchanged} unchanged, " +
                $"{done.Refused} refused, {done.Held} held{(done.Error is { } error ? $"; {error}" : "")}");
            ran++;
        }
    }

    /// <summary>Runs one queued import to its end and returns it as it ended.</summary>
    public async Task<ImportRun> RunAsync(long importId, CancellationToken cancellationToken = default)
    {
        var run = await StartAsync(importId, cancellationToken);
        if (run.Status != ImportStatus.Running)
        {
            return run;
        }
        try
        {
            var (bad, setAside) = await CheckAsync(run, cancellationToken);
            if (bad > 0 && !run.SkipInvalid)
            {
                await FailAsync(importId, setAside, bad,
                    $"The file has problems on {bad} row(s), so nothing was imported: fix them, or choose to import the good rows and skip the bad ones.",
                    cancellationToken);
            }
            else
            {
                await WriteAsync(run, cancellationToken);
            }
        }
        catch (ImportActionException refused)
        {
            await TakeBackAsync(importId, ImportStatus.Failed, refused.Message);
        }
        catch (Exception error) when (error is OperationCanceledException or ImportCancelledException)
        {
            await TakeBackAsync(importId, ImportStatus.Cancelled, "Cancelled; what it had written was taken back.");
        }
        catch (Exception error)
        {
            logger.LogError(error, "Inventory import {ImportId} failed.", importId);
            await TakeBackAsync(importId, ImportStatus.Failed, $"Failed, and what it had written was taken back: {error.Message}");
        }
        finally
        {
            if (run.StoredPath is { } path)
            {
                File.Delete(path);
            }
        }
        var ended = await imports.GetAsync(importId, CancellationToken.None) ?? run;
        await AlertAsync(ended);
        return ended;
    }

    /// <summary>A failed import raises an alert; one that wrote is followed by the data's health check (seller coverage, unmapped SKUs).</summary>
    private async Task AlertAsync(ImportRun ended)
    {
        if (ended.Status == ImportStatus.Failed)
        {
            await alerts.RaiseAsync(AlertKind.ImportFailed, $"import:{ended.Id}", $"Inventory import {ended.Id} ({ended.FileName}) failed", ended.Error,
                $"imports/{ended.Id}", CancellationToken.None);
        }
        else if (ended.Status is ImportStatus.Succeeded or ImportStatus.Partial)
        {
            await health.CheckAsync(CancellationToken.None);
        }
    }

    private async Task<ImportRun> StartAsync(long importId, CancellationToken cancellationToken)
    {
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.ImportRuns.Where(run => run.Id == importId && run.Status == ImportStatus.Queued)
            .ExecuteUpdateAsync(update => update.SetProperty(run => run.Status, ImportStatus.Running).SetProperty(run => run.StartedAt, clock.GetUtcNow()),
                cancellationToken);
        return await db.ImportRuns.AsNoTracking().FirstAsync(run => run.Id == importId, cancellationToken);
    }

    /// <summary>The first pass: every row checked and every SKU resolved, nothing written.</summary>
    private async Task<(int Bad, List<SetAsideRow> SetAside)> CheckAsync(ImportRun run, CancellationToken cancellationToken)
    {
        var skus = new SkuLookup(await InventoryPreviewer.ResolverAsync(contexts, cancellationToken), run.CreatedBy, clock.GetUtcNow());
        var facts = new InventoryPlanner.FileFacts();
        var (rows, bad) = (0, 0);
        var setAside = new List<SetAsideRow>();
        await using var file = File.OpenRead(run.StoredPath!);
        await foreach (var batch in planner.PlanAsync(file, run.Platform, skus, facts, cancellationToken))
        {
            rows += batch.RowsRead;
            bad += batch.SetAside.Count(row => !row.Held);
            setAside.AddRange(batch.SetAside.Where(row => !row.Held).Take(Math.Max(0, ProblemRowsKept - setAside.Count)));
        }
        if (facts.FileProblems.Count > 0)
        {
            throw new ImportActionException(string.Join(" ", facts.FileProblems.Select(problem => problem.Message)));
        }
        await UpdateAsync(run.Id, update => update.SetProperty(r => r.TotalRows, rows).SetProperty(r => r.Delimiter, facts.Delimiter)
            .SetProperty(r => r.Header, Truncate(string.Join(",", facts.Header.Select(Common.CsvWriter.Escape)), 2000)), cancellationToken);
        return (bad, setAside);
    }

    /// <summary>The second pass: batch by batch, sellers and mappings made, the inventory written, progress recorded.</summary>
    private async Task WriteAsync(ImportRun run, CancellationToken cancellationToken)
    {
        var skus = new SkuLookup(await InventoryPreviewer.ResolverAsync(contexts, cancellationToken), run.CreatedBy, clock.GetUtcNow());
        var facts = new InventoryPlanner.FileFacts();
        await using var file = File.OpenRead(run.StoredPath!);
        await foreach (var batch in planner.PlanAsync(file, run.Platform, skus, facts, cancellationToken))
        {
            await StopIfAskedAsync(run.Id, cancellationToken);
            var now = clock.GetUtcNow();
            using var turn = await writes.EnterAsync(cancellationToken);
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await SqliteBulkWrite.HoldBatchInMemoryAsync(db, cancellationToken);
            var identities = batch.Rows.Select(row => row.Seller).DistinctBy(SellerIdentities.Key).ToList();
            var known = await KnownSellersAsync(db, identities, cancellationToken);
            var sellers = await SellerIdentities.ResolveAccountsAsync(db, identities.Select(identity => new SellerSighting(identity, now, now)), cancellationToken);
            var made = identities.Where(identity => !known.Contains(SellerIdentities.Key(identity))).Select(identity => sellers[SellerIdentities.Key(identity)]).ToList();
            foreach (var mapping in skus.TakeUnsaved())
            {
                db.SkuMappings.Update(mapping);
            }
            await db.SaveChangesAsync(cancellationToken);
            var counts = await new InventoryWriter(db).WriteAsync(run.Id,
                batch.Rows.Select(row => (row, sellers[SellerIdentities.Key(row.Seller)])).ToList(), now, InventoryImports.Currency, cancellationToken);
            await SaveSetAsideAsync(db, run.Id, batch.SetAside, cancellationToken);
            var (refused, held) = (batch.SetAside.Count(row => !row.Held), batch.SetAside.Count(row => row.Held));
            await db.ImportRuns.Where(r => r.Id == run.Id).ExecuteUpdateAsync(update => update
                .SetProperty(r => r.ProcessedRows, r => r.ProcessedRows + batch.RowsRead)
                .SetProperty(r => r.Added, r => r.Added + counts.Added)
                .SetProperty(r => r.Updated, r => r.Updated + counts.Updated)
                .SetProperty(r => r.Unchanged, r => r.Unchanged + counts.Unchanged)
                .SetProperty(r => r.Refused, r => r.Refused + refused)
                .SetProperty(r => r.Held, r => r.Held + held)
                .SetProperty(r => r.NewSellers, r => r.NewSellers + made.Count), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await StopIfAskedAsync(run.Id, cancellationToken);
        using (await writes.EnterAsync(cancellationToken))
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var mapping in skus.TakeUnsaved())
            {
                db.SkuMappings.Update(mapping);
            }
            await db.SaveChangesAsync(cancellationToken);
            await skus.SaveRowsSeenAsync(db, cancellationToken);
            var ended = await db.ImportRuns.FirstAsync(r => r.Id == run.Id, cancellationToken);
            ended.Status = ended.Refused + ended.Held > 0 ? ImportStatus.Partial : ImportStatus.Succeeded;
            ended.FinishedAt = clock.GetUtcNow();
            ended.NewMappings = skus.Created.Count(mapping => mapping.Status == SkuMappingStatus.Mapped);
            ended.MappingsToReview = skus.Created.Count(mapping => mapping.Status != SkuMappingStatus.Mapped);
            ended.StoredPath = null;
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>Ends an import that wrote nothing because its file has problems, keeping the rows with them for its report.</summary>
    private async Task FailAsync(long importId, IReadOnlyList<SetAsideRow> setAside, int bad, string error, CancellationToken cancellationToken)
    {
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await SaveSetAsideAsync(db, importId, setAside, cancellationToken);
        await db.ImportRuns.Where(run => run.Id == importId).ExecuteUpdateAsync(update => update
            .SetProperty(run => run.Status, ImportStatus.Failed).SetProperty(run => run.FinishedAt, clock.GetUtcNow())
            .SetProperty(run => run.Refused, bad).SetProperty(run => run.Error, error).SetProperty(run => run.StoredPath, (string?)null), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Reverses what a stopped import wrote, whatever stopped it, and records why it ended: with nothing of it left in the inventory, it counts no item.</summary>
    private async Task TakeBackAsync(long importId, ImportStatus status, string error)
    {
        using var turn = await writes.EnterAsync(CancellationToken.None);
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        await new InventoryWriter(db).ReverseAsync(importId, CancellationToken.None);
        await db.ImportStagedRows.Where(row => row.ImportId == importId).ExecuteDeleteAsync(CancellationToken.None);
        await db.ImportRuns.Where(run => run.Id == importId).ExecuteUpdateAsync(update => update
            .SetProperty(run => run.Status, status).SetProperty(run => run.FinishedAt, clock.GetUtcNow())
            .SetProperty(run => run.Added, 0).SetProperty(run => run.Updated, 0).SetProperty(run => run.Unchanged, 0)
            .SetProperty(run => run.Error, error[..Math.Min(error.Length, 2000)]).SetProperty(run => run.StoredPath, (string?)null), CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
    }

    private async Task StopIfAskedAsync(long importId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.ImportRuns.AnyAsync(run => run.Id == importId && run.CancelRequested, cancellationToken))
        {
            throw new ImportCancelledException();
        }
    }

    private async Task UpdateAsync(long importId,
        Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<ImportRun>> set, CancellationToken cancellationToken)
    {
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.ImportRuns.Where(run => run.Id == importId).ExecuteUpdateAsync(set, cancellationToken);
    }

    private static async Task<HashSet<(MarketPlatform, string)>> KnownSellersAsync(FlipFlowDbContext db, List<SellerIdentity> identities,
        CancellationToken cancellationToken)
    {
        var known = new HashSet<(MarketPlatform, string)>();
        foreach (var platform in identities.GroupBy(identity => identity.Platform))
        {
            foreach (var chunk in platform.Chunk(500))
            {
                var ids = chunk.Select(identity => identity.SellerId).ToList();
                known.UnionWith((await db.Sellers.Where(seller => seller.Platform == platform.Key && EF.Parameter(ids).Contains(seller.PlatformSellerId))
                    .Select(seller => seller.PlatformSellerId).ToListAsync(cancellationToken)).Select(id => (platform.Key, id)));
            }
        }
        return known;
    }

    private static string Truncate(string text, int length) => text.Length > length ? text[..length] : text;

    /// <summary>Keeps the rows not written, each as the file had it and why, in the caller's transaction.</summary>
    private static Task SaveSetAsideAsync(FlipFlowDbContext db, long importId, IReadOnlyList<SetAsideRow> rows, CancellationToken cancellationToken) =>
        BulkInsert.InsertAsync<ImportRefusedRow, SetAsideRow>(db,
            [nameof(ImportRefusedRow.ImportId), nameof(ImportRefusedRow.Row), nameof(ImportRefusedRow.Line), nameof(ImportRefusedRow.Reason), nameof(ImportRefusedRow.Held)],
            rows, row => [importId, row.Row, string.Join(",", row.Cells.Select(Common.CsvWriter.Escape)), Truncate(row.Reason, 1000), row.Held], cancellationToken);

    private sealed class ImportCancelledException : Exception;
}
