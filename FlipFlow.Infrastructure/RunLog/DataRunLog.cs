using FlipFlow.Domain.Imports;
using FlipFlow.Domain.Jobs;
using FlipFlow.Domain.RunLog;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.RunLog;

/// <summary>Which runs to list: a kind, a status, a source (a platform or a market source, by name), days from and to (UTC, inclusive).</summary>
public sealed record DataRunFilter(DataRunKind? Kind = null, DataRunStatus? Status = null, string? Source = null, DateOnly? From = null, DateOnly? To = null);

/// <summary>
/// One log of every run that brought data in or worked it over, over the last <see cref="DataRuns.RetentionDays"/> days,
/// newest first: inventory imports, market scans, and the seller backfill and snapshot jobs, each read from its own record.
/// </summary>
public sealed class DataRunLog(IDbContextFactory<FlipFlowDbContext> contexts, TimeProvider clock)
{
    private static readonly Dictionary<string, DataRunKind> Jobs = new(StringComparer.Ordinal)
    {
        ["seller-backfill"] = DataRunKind.SellerBackfill,
        ["inventory-snapshot"] = DataRunKind.InventorySnapshot,
        ["listing-snapshots"] = DataRunKind.ListingSnapshot,
    };

    public async Task<(IReadOnlyList<DataRun> Runs, int Total)> ListAsync(DataRunFilter filter, int skip, int take, CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var first = today.AddDays(-DataRuns.RetentionDays);
        var since = Start(filter.From is { } from && from > first ? from : first);
        var until = Start((filter.To ?? today).AddDays(1));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var runs = new List<DataRun>();
        bool Wanted(DataRunKind kind) => filter.Kind is null || filter.Kind == kind;
        if (Wanted(DataRunKind.InventoryImport))
        {
            var imports = await db.ImportRuns.AsNoTracking().Where(run => run.CreatedAt >= since && run.CreatedAt < until).ToListAsync(cancellationToken);
            runs.AddRange(imports.Select(run => new DataRun(DataRunKind.InventoryImport, run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                run.Platform?.ToString(), Of(run.Status), run.StartedAt ?? run.CreatedAt, run.FinishedAt,
                $"{run.FileName}: {run.ProcessedRows:N0} of {run.TotalRows:N0} rows, {run.Added:N0} added, {run.Updated:N0} updated, {run.Unchanged:N0} unchanged, " +
                $"{run.Refused:N0} refused, {run.Held:N0} held{(run.Status == ImportStatus.Undone ? "; undone" : "")}",
                run.Error, $"imports/{run.Id}")));
        }
        if (Wanted(DataRunKind.MarketScan))
        {
            var scans = await db.MarketImports.AsNoTracking().Where(scan => scan.StartedAt >= since && scan.StartedAt < until).ToListAsync(cancellationToken);
            runs.AddRange(scans.Select(scan => new DataRun(DataRunKind.MarketScan, scan.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                scan.Source.ToString(), DataRuns.OfScan(scan.FinishedAt is not null, scan.Seen, scan.Errors), scan.StartedAt, scan.FinishedAt,
                $"{scan.Seen:N0} seen, {scan.Created:N0} new, {scan.Updated:N0} updated, {scan.PriceChanges:N0} repriced, {scan.Ended:N0} ended, {scan.Errors:N0} errors",
                scan.ErrorText, "marketplaces")));
        }
        var jobIds = Jobs.Where(job => Wanted(job.Value)).Select(job => job.Key).ToList();
        if (jobIds.Count > 0)
        {
            var jobRuns = await db.JobRuns.AsNoTracking().Where(run => jobIds.Contains(run.JobId) && run.StartedAt >= since && run.StartedAt < until)
                .ToListAsync(cancellationToken);
            runs.AddRange(jobRuns.Select(run => new DataRun(Jobs[run.JobId], run.Id.ToString(), null, Of(run.Outcome), run.StartedAt, run.FinishedAt, run.Summary,
                run.Error, $"jobs/{run.JobId}")));
        }
        var found = runs.Where(run => (filter.Status is null || run.Status == filter.Status)
                && (filter.Source is not { Length: > 0 } source || string.Equals(run.Source, source, StringComparison.OrdinalIgnoreCase)))
            .OrderByDescending(run => run.StartedAt).ThenBy(run => run.Kind).ThenByDescending(run => run.Id, StringComparer.Ordinal)
            .ToList();
        return ([.. found.Skip(skip).Take(take)], found.Count);
    }

    private static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static DataRunStatus Of(ImportStatus status) => status switch
    {
        ImportStatus.Queued or ImportStatus.Running => DataRunStatus.Running,
        ImportStatus.Partial => DataRunStatus.Partial,
        ImportStatus.Failed => DataRunStatus.Failed,
        ImportStatus.Cancelled => DataRunStatus.Cancelled,
        _ => DataRunStatus.Succeeded,
    };

    private static DataRunStatus Of(JobOutcome outcome) => outcome switch
    {
        JobOutcome.Running or JobOutcome.Retrying => DataRunStatus.Running,
        JobOutcome.Succeeded => DataRunStatus.Succeeded,
        JobOutcome.Cancelled => DataRunStatus.Cancelled,
        _ => DataRunStatus.Failed,
    };
}
