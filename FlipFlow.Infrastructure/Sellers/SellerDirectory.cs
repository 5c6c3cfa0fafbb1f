using FlipFlow.Domain.Common;
using FlipFlow.Domain.Market;
using FlipFlow.Domain.Sellers;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Sellers;

public enum SellerSort
{
    Listings,
    Sales,
    LastActive,
    Name,
}

/// <summary>Which sellers to list: of one platform, whose name or id holds some text, merged ones too or not.</summary>
public sealed record SellerFilter(MarketPlatform? Platform = null, string? Search = null, bool IncludeMerged = false, SellerSort Sort = SellerSort.Listings);

/// <summary>
/// A seller in the sellers list: its market listings, the units its active listings offer (its inventory), the units it
/// sold in the last <see cref="SellerDirectory.WindowDays"/> days and its share of all units sold in them, in percent.
/// </summary>
public sealed record SellerRow(long Id, MarketPlatform Platform, string PlatformSellerId, string DisplayName, bool IsActive, long? MergedIntoId,
    int Listings, int InventoryUnits, int UnitsSold, decimal MarketShare, DateTimeOffset LastSeenAt);

/// <summary>Another seller a seller's page links to.</summary>
public sealed record SellerLink(long Id, MarketPlatform Platform, string PlatformSellerId, string DisplayName);

/// <summary>One seller with everything its page shows but its listings.</summary>
public sealed record SellerDetails(Seller Seller, SellerLink? MergedInto, IReadOnlyList<SellerLink> MergedFrom, SellerAnalytics Analytics);

/// <summary>The sellers: listed, searched, shown and edited; and the pairs that may be one business.</summary>
public sealed class SellerDirectory(IDbContextFactory<FlipFlowDbContext> contexts, DatabaseWriteGate writes, SellerFigures figures)
{
    public const int WindowDays = SellerFigures.WindowDays;

    public async Task<(IReadOnlyList<SellerRow> Rows, int Total)> ListAsync(SellerFilter filter, int skip, int take,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sellers = db.Sellers.AsNoTracking();
        if (!filter.IncludeMerged)
        {
            sellers = sellers.Where(seller => seller.IsActive);
        }
        if (filter.Platform is { } platform)
        {
            sellers = sellers.Where(seller => seller.Platform == platform);
        }
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var text = filter.Search.Trim().ToLowerInvariant();
            sellers = sellers.Where(seller => seller.PlatformSellerId.Contains(text) || seller.DisplayName.ToLower().Contains(text));
        }
        var since = figures.WindowStart();
        // One index range of IX_MarketListings_SellerId_Status_SoldAt per seller and figure.
        var listings = db.MarketListings.AsNoTracking();
        var rows = sellers.Select(seller => new
        {
            seller.Id, seller.Platform, seller.PlatformSellerId, seller.DisplayName, seller.IsActive, seller.MergedIntoId, seller.LastSeenAt,
            Listings = listings.Count(listing => listing.SellerId == seller.Id),
            Units = listings.Where(listing => listing.SellerId == seller.Id && listing.Status == MarketListingStatus.Active)
                .Sum(listing => (int?)listing.Quantity) ?? 0,
            Sold = listings.Where(listing => listing.SellerId == seller.Id && listing.Status == MarketListingStatus.Sold && listing.SoldAt >= since)
                .Sum(listing => (int?)listing.Quantity) ?? 0,
        });
        var total = await sellers.CountAsync(cancellationToken);
        var sorted = filter.Sort switch
        {
            SellerSort.Sales => rows.OrderByDescending(row => row.Sold).ThenByDescending(row => row.Listings),
            SellerSort.LastActive => rows.OrderByDescending(row => row.LastSeenAt),
            SellerSort.Name => rows.OrderBy(row => row.DisplayName),
            _ => rows.OrderByDescending(row => row.Listings),
        };
        var page = await sorted.ThenBy(row => row.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);
        var allSold = await figures.UnitsSoldAsync(db, since, cancellationToken);
        return (page.Select(row => new SellerRow(row.Id, row.Platform, row.PlatformSellerId, row.DisplayName, row.IsActive, row.MergedIntoId,
            row.Listings, row.Units, row.Sold, SellerFigures.Share(row.Sold, allSold), row.LastSeenAt)).ToList(), total);
    }

    /// <summary>The seller, whom it was merged into and who was merged into it, and its figures; null when no seller has the id.</summary>
    public async Task<SellerDetails?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var seller = await db.Sellers.AsNoTracking().SingleOrDefaultAsync(found => found.Id == id, cancellationToken);
        if (seller is null)
        {
            return null;
        }
        var related = await db.Sellers.AsNoTracking()
            .Where(found => found.MergedIntoId == id || found.Id == seller.MergedIntoId)
            .OrderBy(found => found.Platform).ThenBy(found => found.PlatformSellerId)
            .ToListAsync(cancellationToken);
        SellerLink Describe(Seller found) => new(found.Id, found.Platform, found.PlatformSellerId, found.DisplayName);
        return new SellerDetails(seller,
            related.FirstOrDefault(found => found.Id == seller.MergedIntoId) is { } into ? Describe(into) : null,
            related.Where(found => found.MergedIntoId == id).Select(Describe).ToList(),
            await figures.ForAsync(db, id, cancellationToken));
    }

    /// <summary>Saves an operator's display name and notes (empty notes are none).</summary>
    public async Task<Seller> UpdateAsync(long id, string displayName, string? notes, CancellationToken cancellationToken = default)
    {
        if (SellerRules.DisplayNameProblem(displayName) is { } nameProblem)
        {
            throw new SellerActionException(nameProblem, Refusal.Invalid, "displayName");
        }
        if (SellerRules.NotesProblem(notes) is { } notesProblem)
        {
            throw new SellerActionException(notesProblem, Refusal.Invalid, "notes");
        }
        using var turn = await writes.EnterAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var seller = await db.Sellers.SingleOrDefaultAsync(found => found.Id == id, cancellationToken)
            ?? throw new SellerActionException($"No seller has id {id}.", Refusal.NotFound);
        seller.DisplayName = displayName.Trim();
        seller.Notes = string.IsNullOrWhiteSpace(notes) ? null : notes.Trim();
        await db.SaveChangesAsync(cancellationToken);
        return seller;
    }

    /// <summary>Active sellers that may be one business, with the reason (<see cref="SellerSuggestions"/>).</summary>
    public async Task<IReadOnlyList<SellerSuggestion>> SuggestionsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var names = await db.Sellers.AsNoTracking().Where(seller => seller.IsActive)
            .Select(seller => new SellerName(seller.Id, seller.Platform, seller.DisplayName))
            .ToListAsync(cancellationToken);
        return SellerSuggestions.Find(names);
    }
}
