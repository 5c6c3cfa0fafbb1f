using FlipFlow.Domain.Analytics;
using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Market;
using FlipFlow.Domain.Supply;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Sellers;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Supply;

/// <summary>How the supply list is ordered; ties go by collector number.</summary>
public enum SupplySort
{
    Concentration,
    Sellers,
    Units,
    Card,
}

/// <summary>One card's supply now: its sellers (businesses, merged accounts counted once), units, HHI and its band, and the five largest sellers.</summary>
public sealed record CardSupply(int CardId, string Number, string Name, string Rarity, string? Treatment, int Sellers, int Units, double Hhi,
    ConcentrationLevel Level, string LevelLabel, IReadOnlyList<SellerShare> Top);

/// <summary>A day of a card's supply over the inventory snapshots: sellers, HHI and the five largest sellers' share together.</summary>
public sealed record SupplyDay(DateOnly Date, int Sellers, int Units, double Hhi, double TopFiveShare);

/// <summary>How fast one card sells, in one treatment, from one seller (a business), from the market's sold listings.</summary>
public sealed record VelocityRow(int CardId, string Number, string Name, string Rarity, string Treatment, long SellerId, string SellerName,
    MarketPlatform Platform, double? MedianDays, int Sales, int LeftOut);

/// <summary>Which velocity rows to find: a card, a treatment, a seller (with what was merged into it).</summary>
public sealed record VelocityFilter(int? CardId = null, string? Treatment = null, long? SellerId = null);

/// <summary>
/// Supply analytics: how concentrated each card's supply is across sellers (<see cref="SupplyConcentration"/> over
/// sellers' inventory, now and over the snapshots) and how fast it sells (<see cref="SellThroughVelocity"/> over the
/// market's sold listings). The database sums per card and seller; the rules run here, on those few rows.
/// </summary>
public sealed class SupplyAnalytics(IDbContextFactory<FlipFlowDbContext> contexts)
{
    /// <summary>Every card someone holds, in <paramref name="sort"/> order (most concentrated, most sellers or units first; or by number).</summary>
    public async Task<IReadOnlyList<CardSupply>> CardsAsync(string? treatment = null, SupplySort sort = SupplySort.Concentration,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var businesses = await SellerIdentities.BusinessesAsync(db, cancellationToken);
        var held = await HeldAsync(db, null, treatment, cancellationToken);
        var cardIds = held.Select(row => row.CardId).Distinct().ToList();
        var cards = await db.Cards.AsNoTracking().Where(card => cardIds.Contains(card.Id)).ToDictionaryAsync(card => card.Id, cancellationToken);
        var supply = held.GroupBy(row => row.CardId).Select(card => Of(cards[card.Key], treatment, card, businesses)).ToList();
        IOrderedEnumerable<CardSupply> ordered = sort switch
        {
            SupplySort.Sellers => supply.OrderByDescending(card => card.Sellers),
            SupplySort.Units => supply.OrderByDescending(card => card.Units),
            SupplySort.Card => supply.OrderBy(card => card.Number, StringComparer.Ordinal),
            _ => supply.OrderByDescending(card => card.Hhi),
        };
        return [.. ordered.ThenBy(card => card.Number, StringComparer.Ordinal).ThenBy(card => card.Rarity, StringComparer.Ordinal)];
    }

    /// <summary>One card's supply now, or null when there is no such card (a card nobody holds has no sellers).</summary>
    public async Task<CardSupply?> CardAsync(int cardId, string? treatment = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Cards.AsNoTracking().FirstOrDefaultAsync(card => card.Id == cardId, cancellationToken) is not { } card)
        {
            return null;
        }
        var businesses = await SellerIdentities.BusinessesAsync(db, cancellationToken);
        return Of(card, treatment, await HeldAsync(db, cardId, treatment, cancellationToken), businesses);
    }

    /// <summary>The card's supply on each snapshot day from <paramref name="from"/> to <paramref name="to"/>, oldest first.</summary>
    public async Task<IReadOnlyList<SupplyDay>> TrendAsync(int cardId, string? treatment, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        AnalyticsRanges.Check(from, to);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var businesses = await SellerIdentities.BusinessesAsync(db, cancellationToken);
        var rows = db.InventorySnapshots.AsNoTracking().Where(row => row.CardId == cardId && row.Date >= from && row.Date <= to);
        if (treatment is { Length: > 0 })
        {
            rows = rows.Where(row => row.Treatment == treatment);
        }
        var days = await rows.GroupBy(row => new { row.Date, row.SellerId }).Select(day => new { day.Key.Date, day.Key.SellerId, Quantity = day.Sum(row => row.Quantity) })
            .ToListAsync(cancellationToken);
        return [.. days.GroupBy(day => day.Date).OrderBy(day => day.Key).Select(day =>
        {
            var spread = SupplyConcentration.Of(day.Select(row => Supply(businesses, row.SellerId, row.Quantity)));
            return new SupplyDay(day.Key, spread.Sellers, spread.TotalQuantity, spread.Hhi, Math.Round(spread.Top.Sum(seller => seller.Share), 1));
        })];
    }

    /// <summary>Median days from listing to sale per card, treatment and seller, from the market's sold single-card listings, by card number.</summary>
    public async Task<IReadOnlyList<VelocityRow>> VelocityAsync(VelocityFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var businesses = await SellerIdentities.BusinessesAsync(db, cancellationToken);
        var sales = await SalesAsync(db, filter, cancellationToken);
        var cardIds = sales.Select(sale => sale.CardId).Distinct().ToList();
        var cards = await db.Cards.AsNoTracking().Where(card => cardIds.Contains(card.Id)).ToDictionaryAsync(card => card.Id, cancellationToken);
        return [.. sales.GroupBy(sale => (sale.CardId, sale.Treatment, Business: businesses[sale.SellerId]))
            .Select(group =>
            {
                var card = cards[group.Key.CardId];
                var velocity = SellThroughVelocity.Of(group.Select(sale => (sale.ListedAt, sale.SoldAt)));
                return new VelocityRow(card.Id, card.Number, card.Name, card.Rarity, group.Key.Treatment, group.Key.Business.Id, group.Key.Business.DisplayName,
                    group.Key.Business.Platform, velocity.MedianDays, velocity.Sales, velocity.LeftOut);
            })
            .OrderBy(row => row.Number, StringComparer.Ordinal).ThenBy(row => row.Rarity, StringComparer.Ordinal)
            .ThenBy(row => row.Treatment, StringComparer.Ordinal).ThenBy(row => row.SellerName, StringComparer.Ordinal).ThenBy(row => row.SellerId)];
    }

    /// <summary>How fast a card sells over all its sales (of one treatment, when given), every seller together.</summary>
    public async Task<Velocity> CardVelocityAsync(int cardId, string? treatment = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sales = await SalesAsync(db, new VelocityFilter(cardId, treatment), cancellationToken);
        return SellThroughVelocity.Of(sales.Select(sale => (sale.ListedAt, sale.SoldAt)));
    }

    private sealed record Sale(int CardId, string Treatment, long SellerId, DateTimeOffset ListedAt, DateTimeOffset SoldAt);

    /// <summary>The market's sold single-card listings the filter finds, with when each was first seen and sold.</summary>
    private static async Task<List<Sale>> SalesAsync(FlipFlowDbContext db, VelocityFilter filter, CancellationToken cancellationToken)
    {
        var sold = db.MarketListings.AsNoTracking()
            .Where(listing => listing.Status == MarketListingStatus.Sold && listing.SoldAt != null && listing.CardId != null && listing.SellerId != null
                && !listing.IsBulkLot && listing.ExcludedByFixId == null && listing.ProductType == MarketProductType.Single);
        if (filter.CardId is { } cardId)
        {
            sold = sold.Where(listing => listing.CardId == cardId);
        }
        if (filter.Treatment is { Length: > 0 } treatment)
        {
            sold = sold.Where(listing => listing.Treatment == treatment);
        }
        if (filter.SellerId is { } sellerId)
        {
            var sellers = await SellerIdentities.WithMergedAsync(db, sellerId, cancellationToken);
            sold = sold.Where(listing => sellers.Contains(listing.SellerId!.Value));
        }
        var rows = await sold.Select(listing => new { CardId = listing.CardId!.Value, listing.Treatment, SellerId = listing.SellerId!.Value, listing.FirstSeenAt,
            SoldAt = listing.SoldAt!.Value }).ToListAsync(cancellationToken);
        return [.. rows.Select(row => new Sale(row.CardId, row.Treatment ?? "", row.SellerId, row.FirstSeenAt, row.SoldAt))];
    }

    private sealed record Held(int CardId, long SellerId, int Quantity);

    /// <summary>The units each seller account holds of each card (of one treatment, when given), summed by the database.</summary>
    private static async Task<List<Held>> HeldAsync(FlipFlowDbContext db, int? cardId, string? treatment, CancellationToken cancellationToken)
    {
        var items = db.InventoryItems.AsNoTracking().Where(item => item.Quantity > 0);
        if (cardId is { } only)
        {
            items = items.Where(item => item.CardId == only);
        }
        if (treatment is { Length: > 0 })
        {
            items = items.Where(item => item.Treatment == treatment);
        }
        var rows = await items.GroupBy(item => new { item.CardId, item.SellerId })
            .Select(group => new { group.Key.CardId, group.Key.SellerId, Quantity = group.Sum(item => item.Quantity) })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(row => new Held(row.CardId, row.SellerId, row.Quantity))];
    }

    private static CardSupply Of(Card card, string? treatment, IEnumerable<Held> held, IReadOnlyDictionary<long, SellerLink> businesses)
    {
        var spread = SupplyConcentration.Of(held.Select(row => Supply(businesses, row.SellerId, row.Quantity)));
        return new CardSupply(card.Id, card.Number, card.Name, card.Rarity, treatment is { Length: > 0 } ? treatment : null, spread.Sellers,
            spread.TotalQuantity, spread.Hhi, spread.Level, SupplyConcentration.Label(spread.Level), spread.Top);
    }

    /// <summary>An account's units as its business's: accounts merged into one seller are one seller's supply.</summary>
    private static SellerSupply Supply(IReadOnlyDictionary<long, SellerLink> businesses, long sellerId, int quantity)
    {
        var business = businesses[sellerId];
        return new SellerSupply(business.Id, business.DisplayName, quantity);
    }
}
