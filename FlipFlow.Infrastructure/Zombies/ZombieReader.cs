using FlipFlow.Domain.Batches;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Domain.Zombies;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Zombies;

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

/// <summary>The zombies as the last scan judged them, for the Zombies page and the CLI: the list worst first, chosen rows, and resurrections.</summary>
public sealed class ZombieReader(IDbContextFactory<FlipFlowDbContext> contexts, TimeProvider clock)
{
    /// <summary>Live zombies as the last scan judged them, worst first (<see cref="ZombieOrder"/>), one page at a time.</summary>
    public async Task<ZombiePage> ListAsync(ZombieDiagnosis? diagnosis = null, Marketplace? marketplace = null, int skip = 0, int take = 50,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var zombies = db.Listings.AsNoTracking().Where(ZombieCandidates.Listed);
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
            .WorstFirst()
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
            .Select(listing => new { Link = new ListingLink(listing.Id, listing.ReplacesListingId, listing.Status), listing.RemoteId })
            .ToDictionaryAsync(next => next.Link.Id, cancellationToken);
        return listings.Select(listing =>
        {
            var job = jobs.Where(job => job.ListingId == listing.Id).MaxBy(job => job.Id);
            var successor = RelistLineage.Successor(successors.Values.Select(next => next.Link).Where(next => next.ReplacesListingId == listing.Id));
            return new ResurrectionStatus(listing.Id, listing.Status, job?.BatchId, job?.Status, job?.Error, successor?.Id,
                successor is null ? null : successors[successor.Id].RemoteId);
        }).ToList();
    }

    private async Task<IReadOnlyList<ZombieRow>> RowsAsync(FlipFlowDbContext db, IReadOnlyList<Listing> listings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var traffic = await ZombieTraffic.ReadAsync(db, listings.Select(listing => listing.Id).ToList(), now, cancellationToken);
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
}
