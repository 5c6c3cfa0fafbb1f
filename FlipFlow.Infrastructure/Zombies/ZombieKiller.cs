using System.Globalization;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Batches;
using FlipFlow.Domain.Zombies;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Batches;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using FlipFlow.Domain.Products;

namespace FlipFlow.Infrastructure.Zombies;

/// <summary>What a scan found: how many live listings it judged, and the zombies among them by diagnosis.</summary>
public sealed record ZombieScanReport(int Judged, int Zombies, IReadOnlyDictionary<ZombieDiagnosis, int> ByDiagnosis, DateTimeOffset JudgedAt)
{
    public override string ToString() =>
        $"judged {Judged} live listing{(Judged == 1 ? "" : "s")}, {Zombies} zombie{(Zombies == 1 ? "" : "s")}" +
        (Zombies == 0 ? "" : $" ({string.Join(", ", ByDiagnosis.Where(pair => pair.Value > 0).Select(pair => $"{pair.Value} {pair.Key.Describe()}"))})");
}

/// <summary>One zombie as the console and the CLI show it. <see cref="ViewsLast30Days"/> null is "no data".</summary>
public sealed record ZombieRow(
    long ListingId,
    long ProductId,
    string Sku,
    string Title,
    Marketplace Marketplace,
    string? RemoteId,
    ListingStatus Status,
    DateTimeOffset? ListedAt,
    int DaysListed,
    int? ViewsLast30Days,
    int? Watchers,
    decimal Price,
    string Currency,
    int Score,
    ZombieDiagnosis Diagnosis,
    string Reasons,
    DateTimeOffset? JudgedAt)
{
    public string DiagnosisWords => Diagnosis.Describe();
}

/// <summary>One page of zombies, worst first, and how many match the filters.</summary>
public sealed record ZombiePage(IReadOnlyList<ZombieRow> Rows, int Total);

/// <summary>Where a listing's latest resurrection stands: its relist job (if any) and, once done, the live listing that replaced it.</summary>
public sealed record ResurrectionStatus(
    long ListingId,
    ListingStatus ListingStatus,
    long? BatchId,
    MarketplaceJobStatus? JobStatus,
    string? Error,
    long? NewListingId,
    string? NewRemoteId);

/// <summary>Refused: a percentage out of range, no listing to act on, a listing already being worked on.</summary>
public sealed class ZombieActionException(string message) : Exception(message);

/// <summary>Whether the opt-in auto-resurrect job acts, and how many zombies it may resurrect per UTC day.</summary>
public sealed class ZombieAutoResurrectOptions
{
    public const string Section = "Zombies:AutoResurrect";

    public bool Enabled { get; set; }

    public int DailyCap { get; set; } = 20;
}

/// <summary>
/// The zombie killer: scans live listings with <see cref="ZombieScorer"/> and keeps each one's verdict on the
/// listing, lists the zombies worst first, and acts on them: resurrect (end and relist through a batch),
/// reprice (the product's price down by a percentage, never below a floor, then an Update batch) and snooze.
/// </summary>
public sealed class ZombieKiller(
    IDbContextFactory<FlipFlowDbContext> contexts,
    MarketplaceBatches batches,
    MarketplaceHandlers handlers,
    DatabaseWriteGate writes,
    IOptionsMonitor<ZombieRules> rules,
    TimeProvider clock)
{
    /// <summary>The batch requester the auto-resurrect job uses, by which it counts what it did today.</summary>
    public const string AutoResurrectRequester = "zombie-auto-resurrect";

    /// <summary>The days a listing's 30-day views and impressions add up: the 30 UTC dates before today.</summary>
    public const int WindowDays = 30;

    private const int PageSize = 500;

    /// <summary>
    /// Judges every live listing and writes its verdict (score and diagnosis only for a zombie; reasons and the
    /// time for all), a page of listings per transaction. Views and impressions are the sums of the listing's
    /// daily snapshots over the last 30 dates, null when none of them has the figure.
    /// </summary>
    public async Task<ZombieScanReport> ScanAsync(IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var scorer = new ZombieScorer(rules.CurrentValue);
        var now = clock.GetUtcNow();
        var (from, to) = Window(now);
        var byDiagnosis = Enum.GetValues<ZombieDiagnosis>().ToDictionary(diagnosis => diagnosis, _ => 0);
        var judged = 0;
        long after = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var page = await db.Listings
                .Where(listing => listing.Status == ListingStatus.Active && listing.Id > after)
                .OrderBy(listing => listing.Id)
                .Take(PageSize)
                .ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                break;
            }
            var ids = page.Select(listing => listing.Id).ToList();
            var traffic = await TrafficAsync(db, ids, from, to, cancellationToken);
            foreach (var listing in page)
            {
                var counts = traffic.GetValueOrDefault(listing.Id);
                var verdict = scorer.Judge(new ListingFacts
                {
                    ListingId = listing.Id,
                    ListedAt = listing.ListedAt ?? listing.CreatedAt,
                    ViewsLast30Days = counts?.Views,
                    ImpressionsLast30Days = counts?.Impressions,
                    Watchers = listing.Watchers,
                    LastSaleAt = listing.LastSaleAt,
                    Price = listing.Price,
                    Currency = listing.Currency,
                    SnoozedUntil = listing.SnoozedUntil,
                }, now);
                listing.ZombieScore = verdict.Score;
                listing.ZombieDiagnosis = verdict.Diagnosis;
                listing.ZombieReasons = Clip(verdict.Reasons);
                listing.JudgedAt = now;
                if (verdict.Diagnosis is { } diagnosis)
                {
                    byDiagnosis[diagnosis]++;
                }
            }
            using (await writes.EnterAsync(cancellationToken))
            {
                // Only the four verdict columns are written (EF updates what changed), so a sync or a relist
                // writing the same rows meanwhile keeps its own columns.
                await db.SaveChangesAsync(cancellationToken);
            }
            judged += page.Count;
            after = ids[^1];
            progress?.Report(judged);
        }

        // Listings no longer live keep no zombie score: they would otherwise linger in lists and counts.
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            using (await writes.EnterAsync(cancellationToken))
            {
                await db.Listings.Where(listing => listing.Status != ListingStatus.Active && listing.ZombieScore != null)
                    .ExecuteUpdateAsync(set => set
                        .SetProperty(listing => listing.ZombieScore, (int?)null)
                        .SetProperty(listing => listing.ZombieDiagnosis, (ZombieDiagnosis?)null), cancellationToken);
            }
        }
        return new ZombieScanReport(judged, byDiagnosis.Values.Sum(), byDiagnosis, now);
    }

    /// <summary>Live zombies as the last scan judged them, worst first (score, then oldest), one page at a time.</summary>
    public async Task<ZombiePage> ListAsync(ZombieDiagnosis? diagnosis = null, Marketplace? marketplace = null, int skip = 0, int take = 50,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var zombies = db.Listings.AsNoTracking().Where(listing => listing.Status == ListingStatus.Active && listing.ZombieScore != null);
        if (diagnosis is { } wantedDiagnosis)
        {
            zombies = zombies.Where(listing => listing.ZombieDiagnosis == wantedDiagnosis);
        }
        if (marketplace is { } wantedMarketplace)
        {
            zombies = zombies.Where(listing => listing.Marketplace == wantedMarketplace);
        }
        var total = await zombies.CountAsync(cancellationToken);
        var page = await zombies
            .OrderByDescending(listing => listing.ZombieScore)
            .ThenBy(listing => listing.ListedAt)
            .ThenBy(listing => listing.Id)
            .Skip(Math.Max(0, skip))
            .Take(Math.Clamp(take, 1, 1000))
            .Include(listing => listing.Product)
            .ToListAsync(cancellationToken);
        return new ZombiePage(await RowsAsync(db, page, cancellationToken), total);
    }

    /// <summary>The zombies among <paramref name="listingIds"/> (live or not), as rows: for a page that follows rows it shows.</summary>
    public async Task<IReadOnlyList<ZombieRow>> GetAsync(IReadOnlyCollection<long> listingIds, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var listings = await db.Listings.AsNoTracking()
            .Where(listing => listingIds.Contains(listing.Id) && listing.ZombieReasons != null)
            .Include(listing => listing.Product)
            .ToListAsync(cancellationToken);
        return await RowsAsync(db, listings, cancellationToken);
    }

    /// <summary>Each listing's latest Relist job and, once it is done, the live listing that replaced it.</summary>
    public async Task<IReadOnlyList<ResurrectionStatus>> ResurrectionsAsync(IReadOnlyCollection<long> listingIds,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var listings = await db.Listings.AsNoTracking().Where(listing => listingIds.Contains(listing.Id))
            .Select(listing => new { listing.Id, listing.Status }).ToListAsync(cancellationToken);
        var jobs = await db.MarketplaceJobs.AsNoTracking()
            .Where(job => job.Operation == MarketplaceOperation.Relist && job.ListingId != null && listingIds.Contains(job.ListingId.Value))
            .Select(job => new { job.Id, ListingId = job.ListingId!.Value, job.BatchId, job.Status, job.Error })
            .ToListAsync(cancellationToken);
        var successors = await db.Listings.AsNoTracking()
            .Where(listing => listing.ReplacesListingId != null && listingIds.Contains(listing.ReplacesListingId.Value))
            .Select(listing => new { listing.Id, Replaces = listing.ReplacesListingId!.Value, listing.RemoteId, listing.Status })
            .ToListAsync(cancellationToken);
        return listings.Select(listing =>
        {
            var job = jobs.Where(job => job.ListingId == listing.Id).MaxBy(job => job.Id);
            var successor = successors.Where(next => next.Replaces == listing.Id).OrderByDescending(next => next.Status == ListingStatus.Active)
                .ThenByDescending(next => next.Id).FirstOrDefault();
            return new ResurrectionStatus(listing.Id, listing.Status, job?.BatchId, job?.Status, job?.Error, successor?.Id, successor?.RemoteId);
        }).ToList();
    }

    /// <summary>
    /// Resurrects listings: one batch with a Relist job for each (end, then list again as a new listing linked
    /// to the old one). A listing that is not live, or is already in a batch that has not ended, is left out
    /// with the reason; when none is left, nothing is created.
    /// </summary>
    /// <exception cref="ZombieActionException">No listing can be resurrected.</exception>
    public async Task<BatchCreated> ResurrectAsync(IReadOnlyCollection<long> listingIds, string requestedBy, CancellationToken cancellationToken = default)
    {
        var (chosen, skipped) = await ChooseAsync(listingIds, MarketplaceOperation.Relist, "resurrect", cancellationToken);
        var requests = chosen.Select(listing => new JobRequest(MarketplaceOperation.Relist, listing.Marketplace, ListingId: listing.Id)).ToList();
        var title = $"Resurrect {Count(requests.Count, "zombie")}";
        return new BatchCreated(await CreateBatchAsync(title, requestedBy, requests, cancellationToken), skipped);
    }

    /// <summary>
    /// Lowers the listings' products' prices by <paramref name="percent"/> (rounded to the cent), never below
    /// <paramref name="floor"/> (a price already at or under it is left alone), then publishes them with one
    /// batch of Update jobs for those listings.
    /// </summary>
    /// <exception cref="ZombieActionException">The percentage is not above 0 and at most 90, the floor is negative, or nothing is left to reprice.</exception>
    public async Task<BatchCreated> RepriceAsync(IReadOnlyCollection<long> listingIds, decimal percent, decimal floor, string requestedBy,
        CancellationToken cancellationToken = default)
    {
        if (percent is <= 0m or > 90m)
        {
            throw new ZombieActionException($"The percentage must be above 0 and at most 90, not {percent.ToString(CultureInfo.InvariantCulture)}.");
        }
        if (floor < 0m)
        {
            throw new ZombieActionException("The floor cannot be negative.");
        }
        var (chosen, skipped) = await ChooseAsync(listingIds, MarketplaceOperation.Update, "reprice", cancellationToken);
        var productIds = chosen.Select(listing => listing.ProductId).Distinct().ToList();
        var previous = new Dictionary<long, decimal>();
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var products = await db.Products.Where(product => productIds.Contains(product.Id)).ToListAsync(cancellationToken);
            var now = clock.GetUtcNow();
            foreach (var product in products)
            {
                if (product.Price <= floor)
                {
                    skipped.Add($"{product.Sku}: {Money(product.Price, product.Currency)} is already at or under the floor {Money(floor, product.Currency)}");
                    continue;
                }
                previous[product.Id] = product.Price;
                product.Price = Math.Max(floor, Math.Round(product.Price * (100m - percent) / 100m, 2, MidpointRounding.AwayFromZero));
                product.UpdatedAt = now;
            }
            chosen = chosen.Where(listing => previous.ContainsKey(listing.ProductId)).ToList();
            if (chosen.Count == 0)
            {
                throw new ZombieActionException($"Nothing to reprice: {Summary(skipped)}.");
            }
            using (await writes.EnterAsync(cancellationToken))
            {
                await db.SaveChangesAsync(cancellationToken);
            }
        }
        var requests = chosen.Select(listing => new JobRequest(MarketplaceOperation.Update, listing.Marketplace, ListingId: listing.Id)).ToList();
        try
        {
            var title = $"Reprice {Count(requests.Count, "zombie")} by {percent.ToString("0.##", CultureInfo.InvariantCulture)}%";
            return new BatchCreated(await CreateBatchAsync(title, requestedBy, requests, cancellationToken), skipped);
        }
        catch
        {
            // No batch, so no price change either: the products go back to what they were.
            await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
            foreach (var (productId, price) in previous)
            {
                await db.Products.Where(product => product.Id == productId)
                    .ExecuteUpdateAsync(set => set.SetProperty(product => product.Price, price), CancellationToken.None);
            }
            throw;
        }
    }

    /// <summary>Leaves the listings alone for <paramref name="days"/> days: they leave the zombie list at once and scans spare them until then.</summary>
    /// <returns>How many listings were snoozed.</returns>
    /// <exception cref="ZombieActionException">Days are not between 1 and 365.</exception>
    public async Task<int> SnoozeAsync(IReadOnlyCollection<long> listingIds, int days, CancellationToken cancellationToken = default)
    {
        if (days is < 1 or > 365)
        {
            throw new ZombieActionException($"Snooze for 1 to 365 days, not {days}.");
        }
        var now = clock.GetUtcNow();
        var until = now.AddDays(days);
        var reasons = string.Create(CultureInfo.InvariantCulture, $"snoozed until {until.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        using (await writes.EnterAsync(cancellationToken))
        {
            return await db.Listings.Where(listing => listingIds.Contains(listing.Id))
                .ExecuteUpdateAsync(set => set
                    .SetProperty(listing => listing.SnoozedUntil, until)
                    .SetProperty(listing => listing.ZombieScore, (int?)null)
                    .SetProperty(listing => listing.ZombieDiagnosis, (ZombieDiagnosis?)null)
                    .SetProperty(listing => listing.ZombieReasons, reasons)
                    .SetProperty(listing => listing.UpdatedAt, now), cancellationToken);
        }
    }

    /// <summary>
    /// The auto-resurrect job's work: when switched on, resurrects the worst "old and unsold" zombies, at most
    /// <paramref name="options"/>' daily cap per UTC day counting what it already resurrected today.
    /// </summary>
    public async Task<string> AutoResurrectAsync(ZombieAutoResurrectOptions options, CancellationToken cancellationToken = default)
    {
        if (!options.Enabled)
        {
            return "auto-resurrect is off (Zombies:AutoResurrect:Enabled is false): nothing resurrected";
        }
        var now = clock.GetUtcNow();
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var done = await db.MarketplaceJobs.CountAsync(job => job.Operation == MarketplaceOperation.Relist && job.CreatedAt >= today
            && db.BatchJobs.Any(batch => batch.Id == job.BatchId && batch.RequestedBy == AutoResurrectRequester), cancellationToken);
        var room = Math.Max(0, options.DailyCap) - done;
        if (room <= 0)
        {
            return $"daily cap reached: {done} of {options.DailyCap} resurrected today";
        }
        var busy = Busy(db);
        var worst = await db.Listings.AsNoTracking()
            .Where(listing => listing.Status == ListingStatus.Active && listing.ZombieScore != null
                && listing.ZombieDiagnosis == ZombieDiagnosis.OldAndUnsold && !busy.Contains(listing.Id))
            .OrderByDescending(listing => listing.ZombieScore).ThenBy(listing => listing.ListedAt).ThenBy(listing => listing.Id)
            .Select(listing => new { listing.Id, listing.Marketplace })
            .Take(room * 2 + 10)
            .ToListAsync(cancellationToken);
        var ids = worst.Where(listing => handlers.Supports(listing.Marketplace, MarketplaceOperation.Relist)).Select(listing => listing.Id).Take(room).ToList();
        if (ids.Count == 0)
        {
            return $"no old and unsold zombies to resurrect ({done} of {options.DailyCap} resurrected today)";
        }
        var created = await ResurrectAsync(ids, AutoResurrectRequester, cancellationToken);
        return $"batch {created.Batch.Id}: resurrecting {Count(created.Batch.TotalJobs, "zombie")} ({done + created.Batch.TotalJobs} of {options.DailyCap} today)";
    }

    /// <summary>The first and last dates (inclusive) whose snapshots make up the 30-day figures.</summary>
    public static (DateOnly From, DateOnly To) Window(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return (today.AddDays(-WindowDays), today.AddDays(-1));
    }

    private sealed record Traffic(int? Views, int? Impressions);

    /// <summary>
    /// One GROUP BY over the listings' snapshots in the window. EF reads a SUM of only nulls as 0, so the days that have the
    /// figure are counted too: none means "no data", never 0.
    /// </summary>
    private static async Task<Dictionary<long, Traffic>> TrafficAsync(FlipFlowDbContext db, IReadOnlyCollection<long> ids, DateOnly from, DateOnly to,
        CancellationToken cancellationToken) =>
        await db.ListingSnapshots.AsNoTracking()
            .Where(snapshot => ids.Contains(snapshot.ListingId) && snapshot.Date >= from && snapshot.Date <= to)
            .GroupBy(snapshot => snapshot.ListingId)
            .Select(group => new
            {
                ListingId = group.Key,
                Views = group.Sum(snapshot => snapshot.Views ?? 0),
                ViewDays = group.Count(snapshot => snapshot.Views != null),
                Impressions = group.Sum(snapshot => snapshot.Impressions ?? 0),
                ImpressionDays = group.Count(snapshot => snapshot.Impressions != null),
            })
            .ToDictionaryAsync(row => row.ListingId,
                row => new Traffic(row.ViewDays == 0 ? null : row.Views, row.ImpressionDays == 0 ? null : row.Impressions), cancellationToken);

    private async Task<IReadOnlyList<ZombieRow>> RowsAsync(FlipFlowDbContext db, IReadOnlyList<Listing> listings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (from, to) = Window(now);
        var traffic = await TrafficAsync(db, listings.Select(listing => listing.Id).ToList(), from, to, cancellationToken);
        return listings.Select(listing => new ZombieRow(
                listing.Id,
                listing.ProductId,
                listing.Product?.Sku ?? "",
                listing.Product?.Title ?? "",
                listing.Marketplace,
                listing.RemoteId,
                listing.Status,
                listing.ListedAt,
                listing.ListedAt is { } listedAt ? Math.Max(0, (now.UtcDateTime.Date - listedAt.UtcDateTime.Date).Days) : 0,
                traffic.GetValueOrDefault(listing.Id)?.Views,
                listing.Watchers,
                listing.Price,
                listing.Currency,
                listing.ZombieScore ?? 0,
                listing.ZombieDiagnosis ?? ZombieDiagnosis.OldAndUnsold,
                listing.ZombieReasons ?? "",
                listing.JudgedAt))
            .ToList();
    }

    /// <summary>Listings in a job or batch that has not ended: acting on them again could list a product twice.</summary>
    private static IQueryable<long> Busy(FlipFlowDbContext db) =>
        db.MarketplaceJobs
            .Where(job => job.ListingId != null
                && (job.Status == MarketplaceJobStatus.Pending || job.Status == MarketplaceJobStatus.Running
                    || db.BatchJobs.Any(batch => batch.Id == job.BatchId && (batch.Status == BatchStatus.Pending || batch.Status == BatchStatus.Running))))
            .Select(job => job.ListingId!.Value);

    private sealed record Chosen(long Id, long ProductId, Marketplace Marketplace);

    private async Task<(List<Chosen> Chosen, List<string> Skipped)> ChooseAsync(IReadOnlyCollection<long> listingIds, MarketplaceOperation operation,
        string verb, CancellationToken cancellationToken)
    {
        var wanted = listingIds.Distinct().ToList();
        if (wanted.Count == 0)
        {
            throw new ZombieActionException($"Choose at least one listing to {verb}.");
        }
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var busy = Busy(db);
        var found = await db.Listings.AsNoTracking().Where(listing => wanted.Contains(listing.Id))
            .Select(listing => new { listing.Id, listing.ProductId, listing.Marketplace, listing.Status, Busy = busy.Contains(listing.Id) })
            .ToListAsync(cancellationToken);
        var skipped = new List<string>();
        var chosen = new List<Chosen>();
        foreach (var id in wanted)
        {
            var listing = found.FirstOrDefault(row => row.Id == id);
            if (listing is null)
            {
                skipped.Add($"listing {id}: there is no such listing");
            }
            else if (listing.Status != ListingStatus.Active)
            {
                skipped.Add($"listing {id}: not live ({listing.Status.ToString().ToLowerInvariant()})");
            }
            else if (listing.Busy)
            {
                skipped.Add($"listing {id}: already in a batch that has not ended");
            }
            else if (!handlers.Supports(listing.Marketplace, operation))
            {
                skipped.Add($"listing {id}: FlipFlow cannot {verb} on {listing.Marketplace.DisplayName()}");
            }
            else
            {
                chosen.Add(new Chosen(listing.Id, listing.ProductId, listing.Marketplace));
            }
        }
        if (chosen.Count == 0)
        {
            throw new ZombieActionException($"Nothing to {verb}: {Summary(skipped)}.");
        }
        return (chosen, skipped);
    }

    private async Task<BatchJob> CreateBatchAsync(string title, string requestedBy, IReadOnlyList<JobRequest> requests, CancellationToken cancellationToken)
    {
        try
        {
            return await batches.CreateAsync(title, requestedBy, requests, cancellationToken);
        }
        catch (BatchRuleException exception)
        {
            throw new ZombieActionException(exception.Message);
        }
    }

    private static string Summary(IReadOnlyList<string> skipped) =>
        $"{string.Join("; ", skipped.Take(5))}{(skipped.Count > 5 ? $" and {skipped.Count - 5} more" : "")}";

    private static string Count(int count, string one) => $"{count} {one}{(count == 1 ? "" : "s")}";

    private static string Money(decimal amount, string currency) => $"{amount.ToString("0.00", CultureInfo.InvariantCulture)} {currency}";

    private static string Clip(string reasons) => reasons.Length <= 500 ? reasons : reasons[..497] + "...";
}
