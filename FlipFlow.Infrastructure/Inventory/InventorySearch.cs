using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Catalog;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Sellers;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Inventory;

/// <summary>
/// What to find in the inventory: a card by id, by collector number ("143" or "143/401") or by words of its name, a treatment, a seller (with the
/// sellers merged into it), a platform.
/// </summary>
public sealed record InventoryFilter(int? CardId = null, string? Card = null, string? Treatment = null, long? SellerId = null, MarketPlatform? Platform = null);

/// <summary>One inventory item with its seller and card.</summary>
public sealed record InventoryRow(long Id, long SellerId, string SellerName, MarketPlatform Platform, int CardId, string Number, string Name, string Rarity,
    string Treatment, string ListingId, string Sku, int Quantity, decimal? Price, string Currency, string? Notes, DateTimeOffset ListedAt,
    DateTimeOffset UpdatedAt, DateTimeOffset LastVerifiedAt);

/// <summary>What the found items add up to: units, sellers, and the lowest and highest price (items with a price only).</summary>
public sealed record InventorySummary(int Items, int Quantity, int Sellers, decimal? LowestPrice, decimal? HighestPrice);

/// <summary>Finds sellers' inventory by card, treatment, seller and platform, a page at a time, with what it adds up to.</summary>
public sealed class InventorySearch(IDbContextFactory<FlipFlowDbContext> contexts)
{
    public async Task<(IReadOnlyList<InventoryRow> Rows, InventorySummary Summary)> FindAsync(InventoryFilter filter, int skip, int take,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found =
            from item in db.InventoryItems
            join seller in db.Sellers on item.SellerId equals seller.Id
            join card in db.Cards.Matching(filter.Card) on item.CardId equals card.Id
            select new { item, seller, card };
        if (filter.CardId is { } cardId)
        {
            found = found.Where(row => row.card.Id == cardId);
        }
        if (filter.Treatment is { Length: > 0 } treatment)
        {
            found = found.Where(row => row.item.Treatment == treatment);
        }
        if (filter.SellerId is { } sellerId)
        {
            // A seller's inventory includes what the sellers merged into it hold, at any depth.
            var sellers = await SellerIdentities.WithMergedAsync(db, sellerId, cancellationToken);
            found = found.Where(row => sellers.Contains(row.item.SellerId));
        }
        if (filter.Platform is { } platform)
        {
            found = found.Where(row => row.seller.Platform == platform);
        }
        var summary = new InventorySummary(await found.CountAsync(cancellationToken), await found.SumAsync(row => row.item.Quantity, cancellationToken),
            await found.Select(row => row.item.SellerId).Distinct().CountAsync(cancellationToken), null, null);
        // The lowest and highest price are found here: SQLite keeps decimals as text and cannot order them.
        var prices = await found.Where(row => row.item.Price != null).Select(row => row.item.Price!.Value).ToListAsync(cancellationToken);
        summary = summary with { LowestPrice = prices.Count > 0 ? prices.Min() : null, HighestPrice = prices.Count > 0 ? prices.Max() : null };
        var rows = await found.OrderBy(row => row.card.Number).ThenBy(row => row.item.Treatment).ThenBy(row => row.seller.DisplayName).ThenBy(row => row.item.Id)
            .Skip(skip).Take(take)
            .Select(row => new InventoryRow(row.item.Id, row.seller.Id, row.seller.DisplayName, row.seller.Platform, row.card.Id, row.card.Number, row.card.Name,
                row.card.Rarity, row.item.Treatment, row.item.ListingId, row.item.Sku, row.item.Quantity, row.item.Price, row.item.Currency, row.item.Notes,
                row.item.ListedAt, row.item.UpdatedAt, row.item.LastVerifiedAt))
            .ToListAsync(cancellationToken);
        return (rows, summary);
    }
}
