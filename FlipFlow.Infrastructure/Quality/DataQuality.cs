using System.Globalization;
using FlipFlow.Domain.Market;
using FlipFlow.Domain.Quality;
using FlipFlow.Domain.RunLog;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Ingest;
using FlipFlow.Infrastructure.RunLog;
using FlipFlow.Infrastructure.Sellers;
using FlipFlow.Infrastructure.Skus;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Quality;

/// <summary>The nine checks at one moment, with the price changes of the last 30 days and the space imports' raw pages take.</summary>
public sealed record DataQualityReport(DateTimeOffset At, IReadOnlyList<QualityCheck> Checks, PriceChangeFigures PriceChanges, IngestPayloadUsage Payloads);

/// <summary>The market's price changes over <see cref="DataQuality.PriceChangeDays"/> days, with the latest few.</summary>
public sealed record PriceChangeFigures(int Count, IReadOnlyList<QualityExample> Latest);

/// <summary>
/// The data-quality page's checks over the whole market and inventory, each measured against <see cref="QualityTargets"/>
/// with a few examples: seller coverage, SKU mapping, the data runs of the last 30 days, what the market listings hold
/// (<see cref="ListingFindings"/>), and the market sources not read for two days.
/// </summary>
public sealed class DataQuality(IDbContextFactory<FlipFlowDbContext> contexts, SellerBackfill backfill, DataRunLog runs, IEnumerable<IMarketSource> sources,
    IngestPayloads payloads, TimeProvider clock)
{
    public const int PriceChangeDays = 30;

    public async Task<DataQualityReport> CheckAsync(CancellationToken cancellationToken = default)
    {
        var findings = await ListingFindings.ReadAsync(contexts, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var checks = new List<QualityCheck>
        {
            await SellerCoverageAsync(cancellationToken),
            await SkuMappingAsync(db, cancellationToken),
            await RunsAsync(cancellationToken),
            await ListingCheckAsync(db, QualityCheckKind.BulkLots, "Bulk lots in prices", findings.BulkLots, findings.PricedSingles,
                $"{findings.BulkLots.Count:N0} of {findings.PricedSingles:N0} priced single-card listings sell several cards: a lot, bulk, or copies such as \"x3\".",
                cancellationToken),
            await ListingCheckAsync(db, QualityCheckKind.Duplicates, "Duplicate listings", findings.Duplicates, findings.LiveSingles,
                $"{findings.Duplicates.Count:N0} of {findings.LiveSingles:N0} live single-card listings repeat an earlier one: the same card and treatment, seller, format and price.",
                cancellationToken),
            await ListingCheckAsync(db, QualityCheckKind.PriceOutliers, "Price outliers", findings.PriceOutliers, findings.PricedSingles,
                $"{findings.PriceOutliers.Count:N0} of {findings.PricedSingles:N0} priced single-card listings are over {PriceOutliers.Deviations} standard deviations " +
                $"from their card's median (same treatment, grading and currency), or under {PriceOutliers.SingleFloor:0.00} for one card.", cancellationToken),
            await ListingCheckAsync(db, QualityCheckKind.OtherGames, "Other card games", findings.OtherGames, findings.OtherGameListings.Count,
                $"{findings.OtherGameListings.Count:N0} listings name another card game (Pokémon, Magic, One Piece…); {findings.OtherGames.Count:N0} of them enter price figures.",
                cancellationToken, findings.OtherGames.Count > 0 ? null : findings.OtherGameListings),
            await ListingCheckAsync(db, QualityCheckKind.MissingUrls, "Listings without an address", findings.MissingUrls, findings.Listings,
                $"{findings.MissingUrls.Count:N0} of {findings.Listings:N0} market listings have no address to open them at.", cancellationToken),
            await StaleSourcesAsync(db, cancellationToken),
        };
        return new DataQualityReport(clock.GetUtcNow(), checks, await PriceChangesAsync(db, cancellationToken), await payloads.UsageAsync(cancellationToken));
    }

    /// <summary>The PriceChanged events of the last days (scans, syncs and imports from addresses alike), the latest linking to their listing.</summary>
    private async Task<PriceChangeFigures> PriceChangesAsync(FlipFlowDbContext db, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().AddDays(-PriceChangeDays);
        var changes = db.MarketListingEvents.AsNoTracking().Where(change => change.Kind == MarketListingEventKind.PriceChanged && change.At >= since);
        var count = await changes.CountAsync(cancellationToken);
        var latest = await changes.OrderByDescending(change => change.At).ThenByDescending(change => change.Id).Take(5)
            .Select(change => new { change.MarketListingId, change.OldValue, change.NewValue, change.At })
            .ToListAsync(cancellationToken);
        return new PriceChangeFigures(count, [.. latest.Select(change => new QualityExample(
            $"{change.At.UtcDateTime:yyyy-MM-dd HH:mm} listing {change.MarketListingId}: {change.OldValue} to {change.NewValue}",
            $"market/listings/{change.MarketListingId}"))]);
    }

    /// <summary>The listings a check finds now, for a fix that leaves them out of price figures; none for the other checks.</summary>
    public async Task<IReadOnlyList<long>> FindListingsAsync(QualityCheckKind check, CancellationToken cancellationToken = default)
    {
        return (await ListingFindings.ReadAsync(contexts, cancellationToken)).Of(check);
    }

    private async Task<QualityCheck> SellerCoverageAsync(CancellationToken cancellationToken)
    {
        var coverage = await backfill.CoverageAsync(cancellationToken);
        var (linked, listings) = (coverage.Sum(platform => platform.Linked), coverage.Sum(platform => platform.Listings));
        var examples = (await backfill.UnusedAsync(cancellationToken)).Take(QualityTargets.ExampleCount)
            .Select(text => new QualityExample($"{text.Platform} \"{text.Text ?? "no seller shown"}\" ({text.Listings:N0} listings): {text.Reason}")).ToList();
        return new QualityCheck(QualityCheckKind.SellerCoverage, "Seller coverage",
            $"{linked:N0} of {listings:N0} market listings have a seller; " +
            string.Join(", ", coverage.Where(platform => platform.Listings > 0).Select(platform => $"{platform.Platform} {platform.Percent:0.##}%")) + ".",
            Percent("at least", QualityTargets.SellerCoveragePercent), QualityTargets.AtLeast(linked, listings, QualityTargets.SellerCoveragePercent),
            examples, QualityRemedy.RunSellerBackfill, "sellers");
    }

    private static async Task<QualityCheck> SkuMappingAsync(FlipFlowDbContext db, CancellationToken cancellationToken)
    {
        var counts = await SkuMappingCounts.ReadAsync(db, cancellationToken);
        var unmapped = await SkuMappingCounts.UnmappedOf(db).OrderBy(mapping => mapping.Platform).ThenBy(mapping => mapping.ExternalSku)
            .Take(QualityTargets.ExampleCount).Select(mapping => new { mapping.Platform, mapping.ExternalSku }).ToListAsync(cancellationToken);
        return new QualityCheck(QualityCheckKind.SkuMapping, "SKU mapping",
            $"{counts.Total:N0} SKUs seen: {counts.Mapped:N0} mapped to a card, {counts.InReview:N0} in review, {counts.Unmapped:N0} unmapped.",
            Percent("unmapped under", QualityTargets.UnmappedSkuPercent), QualityTargets.Under(counts.Unmapped, counts.Total, QualityTargets.UnmappedSkuPercent),
            [.. unmapped.Select(mapping => new QualityExample($"{mapping.Platform} SKU {mapping.ExternalSku}", "sku-review"))], QualityRemedy.None, "sku-review");
    }

    private async Task<QualityCheck> RunsAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var (all, _) = await runs.ListAsync(new DataRunFilter(From: today.AddDays(-QualityTargets.RunDays)), 0, int.MaxValue, cancellationToken);
        int Count(DataRunStatus status) => all.Count(run => run.Status == status);
        // A cancelled run was stopped on purpose and a running one has not ended: neither counts for or against.
        var ended = all.Count(run => run.Status is not (DataRunStatus.Running or DataRunStatus.Cancelled));
        var failed = Count(DataRunStatus.Failed);
        var examples = all.Where(run => run.Status == DataRunStatus.Failed).Take(QualityTargets.ExampleCount)
            .Select(run => new QualityExample($"{run.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm} {run.Kind}{(run.Source is { } source ? $" {source}" : "")}: " +
                (run.Error?.Split('\n')[0] ?? "failed"), run.Link)).ToList();
        return new QualityCheck(QualityCheckKind.DataRuns, "Imports and scans",
            $"{all.Count:N0} runs in {QualityTargets.RunDays} days: {Count(DataRunStatus.Succeeded):N0} succeeded, {Count(DataRunStatus.Partial):N0} partial, " +
            $"{failed:N0} failed, {Count(DataRunStatus.Cancelled):N0} cancelled, {Count(DataRunStatus.Running):N0} running.",
            Percent("succeeded or partial: at least", QualityTargets.RunSuccessPercent), QualityTargets.AtLeast(ended - failed, ended, QualityTargets.RunSuccessPercent),
            examples, QualityRemedy.None, "run-log");
    }

    private static async Task<QualityCheck> ListingCheckAsync(FlipFlowDbContext db, QualityCheckKind kind, string name, IReadOnlyList<long> found, int total,
        string finding, CancellationToken cancellationToken, IReadOnlyList<long>? shown = null)
    {
        var ids = (shown ?? found).Take(QualityTargets.ExampleCount).ToList();
        var listings = await db.MarketListings.AsNoTracking().Where(listing => ids.Contains(listing.Id)).OrderBy(listing => listing.Id)
            .Select(listing => new { listing.Platform, listing.Title, listing.Price, listing.Currency, listing.SellerText, listing.CardId })
            .ToListAsync(cancellationToken);
        var examples = listings.Select(listing => new QualityExample(
            string.Create(CultureInfo.InvariantCulture, $"{listing.Platform}: \"{listing.Title}\", {listing.Price:0.00} {listing.Currency}") +
            (listing.SellerText is { } seller ? $", by {seller}" : ""),
            listing.CardId is { } card ? $"cards/{card}" : null)).ToList();
        return new QualityCheck(kind, name, finding, "none", QualityTargets.NoneOf(found.Count, total), examples,
            QualityChecks.Excludable.Contains(kind) ? QualityRemedy.ExcludeListings : QualityRemedy.None, null);
    }

    private async Task<QualityCheck> StaleSourcesAsync(FlipFlowDbContext db, CancellationToken cancellationToken)
    {
        var connected = new List<MarketSourceKind>();
        foreach (var source in sources)
        {
            if (await source.IsConnectedAsync(cancellationToken))
            {
                connected.Add(source.Kind);
            }
        }
        var lastRead = await db.MarketImports.AsNoTracking().Where(import => import.FinishedAt != null && import.Seen > 0)
            .GroupBy(import => import.Source).Select(group => new { Source = group.Key, At = group.Max(import => import.FinishedAt) })
            .ToDictionaryAsync(read => read.Source, read => read.At, cancellationToken);
        var since = clock.GetUtcNow().AddDays(-QualityTargets.StaleAfterDays);
        var stale = connected.Where(source => lastRead.GetValueOrDefault(source) is not { } at || at < since).ToList();
        var examples = stale.Select(source => new QualityExample(lastRead.GetValueOrDefault(source) is { } at
            ? $"{source}: last read {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC"
            : $"{source}: not read in the last {Domain.RunLog.DataRuns.RetentionDays} days", "marketplaces")).ToList();
        return new QualityCheck(QualityCheckKind.StaleSources, "Sources not updated",
            $"{stale.Count} of {connected.Count} connected market sources have read nothing in {QualityTargets.StaleAfterDays} days.",
            "none", QualityTargets.NoneOf(stale.Count, connected.Count), examples, QualityRemedy.ScanMarket, "marketplaces");
    }

    private static string Percent(string words, decimal percent) => string.Create(CultureInfo.InvariantCulture, $"{words} {percent:0.##}%");
}
