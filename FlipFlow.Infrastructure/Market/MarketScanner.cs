using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Market;

/// <summary>What the scanner is asked: its window in days, and the rarity, treatment, product type and platform to keep (all when null).</summary>
public sealed record ScannerQuery(
    int WindowDays = ScannerRules.DefaultWindowDays,
    string? Rarity = null,
    string? Treatment = null,
    MarketProductType? ProductType = null,
    MarketPlatform? Platform = null,
    int? CardId = null);

/// <summary>
/// One card (or sealed product) in one treatment and currency over the window. <see cref="Name"/> is the card's name, or a sealed
/// product's subtype. Prices are in <see cref="Currency"/>; <see cref="Sellers"/> counts the sellers of its actives and sales: one
/// per seller record, so two forms of one name or two merged sellers count once, and a listing whose text names no seller not at all.
/// </summary>
public sealed record ScannerRow(
    int? CardId,
    string? Number,
    string Name,
    string? Rarity,
    MarketProductType ProductType,
    string? Treatment,
    string Currency,
    int Active,
    int Sales,
    decimal? SellThrough,
    decimal? MedianPrice,
    decimal? LastSalePrice,
    DateTimeOffset? LastSaleAt,
    PriceTrend? Trend,
    int Sellers,
    bool TooFewSales);

public sealed record ScannerReport(DateTimeOffset From, DateTimeOffset To, int WindowDays, IReadOnlyList<ScannerRow> Rows);

/// <summary>
/// The scanner's figures, per card and treatment, over a window ending now: the active listings, the sales and their prices,
/// the sellers, and <see cref="ScannerRules"/> over them. Only what may be priced counts: catalogue cards and this game's sealed
/// products, never a bulk lot or another game's listing. Two set-based reads: the counts grouped in the database, then the
/// window's sales for the medians and trends.
/// </summary>
public sealed class MarketScanner(IDbContextFactory<FlipFlowDbContext> contexts, TimeProvider clock)
{
    public async Task<ScannerReport> ReadAsync(ScannerQuery query, CancellationToken cancellationToken = default)
    {
        if (ScannerRules.WindowProblem(query.WindowDays) is { } problem)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.WindowDays, problem);
        }
        var end = clock.GetUtcNow();
        var start = end.AddDays(-query.WindowDays);
        var trendStart = end.AddDays(-ScannerRules.TrendDays);
        var salesFrom = start < trendStart ? start : trendStart;

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var priced = Priced(db, query);
        var counts = await priced
            .Where(listing => listing.Status == MarketListingStatus.Active || (listing.Status == MarketListingStatus.Sold && listing.SoldAt >= start))
            .GroupBy(listing => new { listing.CardId, listing.ProductType, listing.ProductSubtype, listing.Treatment, listing.Currency })
            .Select(group => new
            {
                group.Key,
                Active = group.Count(listing => listing.Status == MarketListingStatus.Active),
                Sales = group.Count(listing => listing.Status == MarketListingStatus.Sold),
                Sellers = group.Where(listing => listing.SellerId != null).Select(listing => listing.SellerId).Distinct().Count(),
            })
            .ToListAsync(cancellationToken);
        var sales = (await priced
                .Where(listing => listing.Status == MarketListingStatus.Sold && listing.SoldAt >= salesFrom)
                .Select(listing => new { listing.CardId, listing.ProductType, listing.ProductSubtype, listing.Treatment, listing.Currency, listing.Price, listing.SoldAt })
                .ToListAsync(cancellationToken))
            .ToLookup(sale => new Key(sale.CardId, sale.ProductType, sale.ProductSubtype, sale.Treatment, sale.Currency),
                sale => (At: sale.SoldAt!.Value, sale.Price));
        var cardIds = counts.Where(row => row.Key.CardId is not null).Select(row => row.Key.CardId!.Value).Distinct().ToList();
        var cards = await db.Cards.AsNoTracking().Where(card => cardIds.Contains(card.Id)).ToDictionaryAsync(card => card.Id, cancellationToken);

        var rows = counts.Select(count =>
            {
                var key = new Key(count.Key.CardId, count.Key.ProductType, count.Key.ProductSubtype, count.Key.Treatment, count.Key.Currency);
                var card = key.CardId is { } id ? cards[id] : null;
                var recent = sales[key].ToList();
                var inWindow = recent.Where(sale => sale.At >= start).ToList();
                var last = inWindow.Count == 0 ? ((DateTimeOffset At, decimal Price)?)null : inWindow.MaxBy(sale => sale.At);
                return new ScannerRow(card?.Id, card?.Number, card?.Name ?? key.ProductSubtype ?? key.ProductType.ToString(), card?.Rarity, key.ProductType,
                    key.Treatment, key.Currency, count.Active, count.Sales, ScannerRules.SellThrough(count.Sales, count.Active),
                    ScannerRules.Median(inWindow.Select(sale => sale.Price)), last?.Price, last?.At, ScannerRules.Trend(recent, end), count.Sellers,
                    ScannerRules.TooFewSales(count.Sales));
            })
            .OrderByDescending(row => row.Sales).ThenByDescending(row => row.Active).ThenBy(row => row.Name, StringComparer.Ordinal)
            .ThenBy(row => row.Treatment, StringComparer.Ordinal)
            .ToList();
        return new ScannerReport(start, end, query.WindowDays, rows);
    }

    /// <summary>What is wrong with a query, by field (window, rarity, treatment), each with what would be right; empty when nothing is.</summary>
    public async Task<IReadOnlyDictionary<string, string>> ProblemsAsync(ScannerQuery query, CancellationToken cancellationToken = default)
    {
        var problems = new Dictionary<string, string>();
        if (ScannerRules.WindowProblem(query.WindowDays) is { } window)
        {
            problems["window"] = window;
        }
        if (Treatments.Problem(query.Treatment) is { } treatment)
        {
            problems["treatment"] = treatment;
        }
        if (query.Rarity is { } rarity && await RaritiesAsync(cancellationToken) is var rarities && !rarities.Contains(rarity, StringComparer.Ordinal))
        {
            problems["rarity"] = $"No card in the catalogue is '{rarity}'; its rarities are {string.Join(", ", rarities)}.";
        }
        return problems;
    }

    /// <summary>The rarities of the catalogue, for the scanner's filter.</summary>
    public async Task<IReadOnlyList<string>> RaritiesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Cards.Select(card => card.Rarity).Distinct().OrderBy(rarity => rarity).ToListAsync(cancellationToken);
    }

    /// <summary>The listings that may enter a price figure, filtered as asked.</summary>
    private static IQueryable<MarketListing> Priced(FlipFlowDbContext db, ScannerQuery query)
    {
        var listings = db.MarketListings.AsNoTracking()
            .Where(listing => !listing.IsBulkLot && listing.ExcludedByFixId == null
                && (listing.CardId != null || listing.Treatment == Treatments.Sealed || listing.Treatment == Treatments.OpenBox));
        if (query.CardId is { } cardId)
        {
            listings = listings.Where(listing => listing.CardId == cardId);
        }
        if (query.Rarity is { } rarity)
        {
            listings = listings.Where(listing => listing.Card!.Rarity == rarity);
        }
        if (query.Treatment is { } treatment)
        {
            listings = listings.Where(listing => listing.Treatment == treatment);
        }
        if (query.ProductType is { } productType)
        {
            listings = listings.Where(listing => listing.ProductType == productType);
        }
        if (query.Platform is { } platform)
        {
            listings = listings.Where(listing => listing.Platform == platform);
        }
        return listings;
    }

    private sealed record Key(int? CardId, MarketProductType ProductType, string? ProductSubtype, string? Treatment, string Currency);
}
