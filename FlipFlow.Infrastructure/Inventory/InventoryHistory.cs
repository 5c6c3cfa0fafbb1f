using System.Globalization;
using System.Linq.Expressions;
using FlipFlow.Domain.Analytics;
using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Inventory;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Catalog;
using FlipFlow.Infrastructure.Common;
using FlipFlow.Infrastructure.Database;
using FlipFlow.Infrastructure.Sellers;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Inventory;

/// <summary>What the snapshot table is ordered by; ties go newest first, then by seller, card and treatment, so pages never overlap.</summary>
public enum InventoryHistorySort
{
    Date,
    Seller,
    Card,
    Treatment,
    Quantity,
}

/// <summary>
/// Which snapshot rows to show: days from and to (inclusive), a seller (with the sellers merged into it), a card by id
/// or as typed (<see cref="CardMatching"/>), a treatment.
/// </summary>
public sealed record InventoryHistoryFilter(DateOnly From, DateOnly To, long? SellerId = null, int? CardId = null, string? Card = null,
    string? Treatment = null, InventoryHistorySort Sort = InventoryHistorySort.Date, bool Descending = true);

/// <summary>One snapshot row with its seller and card.</summary>
public sealed record InventorySnapshotRow(DateOnly Date, long SellerId, string SellerName, MarketPlatform Platform, int CardId, string Number, string Name,
    string Rarity, string Treatment, int Items, int Quantity, string? Currency, decimal? AveragePrice, decimal? LowestPrice, decimal? HighestPrice);

/// <summary>The quantity held of one treatment on one day, over the rows found: a point of the chart's line for that treatment.</summary>
public sealed record InventoryTrendPoint(DateOnly Date, string Treatment, int Quantity);

/// <summary>The inventory snapshots over a range of days: the quantity per treatment and day for the chart, the rows a page at a time, and as CSV.</summary>
public sealed class InventoryHistory(IDbContextFactory<FlipFlowDbContext> contexts)
{
    /// <summary>The quantity of each treatment on each day, oldest first.</summary>
    public async Task<IReadOnlyList<InventoryTrendPoint>> TrendAsync(InventoryHistoryFilter filter, CancellationToken cancellationToken = default)
    {
        AnalyticsRanges.Check(filter.From, filter.To);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var snapshots = await SnapshotsAsync(db, filter, cancellationToken);
        var points = await snapshots.GroupBy(snapshot => new { snapshot.Date, snapshot.Treatment })
            .Select(day => new { day.Key.Date, day.Key.Treatment, Quantity = day.Sum(snapshot => snapshot.Quantity) })
            .ToListAsync(cancellationToken);
        return [.. points.OrderBy(point => point.Date).ThenBy(point => point.Treatment, StringComparer.Ordinal)
            .Select(point => new InventoryTrendPoint(point.Date, point.Treatment, point.Quantity))];
    }

    /// <summary>A page of rows in the filter's order, and how many there are in all.</summary>
    public async Task<(IReadOnlyList<InventorySnapshotRow> Rows, int Total)> PageAsync(InventoryHistoryFilter filter, int skip, int take,
        CancellationToken cancellationToken = default)
    {
        AnalyticsRanges.Check(filter.From, filter.To);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var snapshots = await SnapshotsAsync(db, filter, cancellationToken);
        var total = await snapshots.CountAsync(cancellationToken);
        return (await Project(Ordered(WithSellerAndCard(db, snapshots), filter)).Skip(skip).Take(take).ToListAsync(cancellationToken), total);
    }

    /// <summary>Every row the filter finds, in its order, as the table shows them: the same columns, one row each.</summary>
    public async Task WriteCsvAsync(InventoryHistoryFilter filter, TextWriter output, CancellationToken cancellationToken = default)
    {
        AnalyticsRanges.Check(filter.From, filter.To);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = WithSellerAndCard(db, await SnapshotsAsync(db, filter, cancellationToken));
        var csv = new CsvWriter(output);
        csv.WriteRow("Date", "Seller", "Platform", "Card", "Name", "Rarity", "Treatment", "Items", "Quantity", "Currency", "Average price", "Lowest price",
            "Highest price");
        await foreach (var row in Project(Ordered(rows, filter)).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            csv.WriteRow(row.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), row.SellerName, row.Platform.ToString(), row.Number, row.Name, row.Rarity,
                row.Treatment, Count(row.Items), Count(row.Quantity), row.Currency ?? "", Money(row.AveragePrice), Money(row.LowestPrice), Money(row.HighestPrice));
        }
        await output.FlushAsync(cancellationToken);
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Money(decimal? amount) => amount?.ToString("0.00", CultureInfo.InvariantCulture) ?? "";

    /// <remarks>Built by member initialisation, which EF Core can order and filter by; a record's constructor it cannot.</remarks>
    private sealed class Found
    {
        public required InventorySnapshot Snapshot { get; init; }
        public required Domain.Sellers.Seller Seller { get; init; }
        public required Card Card { get; init; }
    }

    /// <summary>The snapshot rows the filter finds; a card asked for by number or name is matched in the catalogue, without a join.</summary>
    private static async Task<IQueryable<InventorySnapshot>> SnapshotsAsync(FlipFlowDbContext db, InventoryHistoryFilter filter, CancellationToken cancellationToken)
    {
        var snapshots = db.InventorySnapshots.AsNoTracking().Where(snapshot => snapshot.Date >= filter.From && snapshot.Date <= filter.To);
        if (filter.SellerId is { } sellerId)
        {
            // A seller's history includes what the sellers merged into it held, at any depth, as its inventory does.
            var sellers = await SellerIdentities.WithMergedAsync(db, sellerId, cancellationToken);
            snapshots = snapshots.Where(snapshot => sellers.Contains(snapshot.SellerId));
        }
        if (filter.CardId is { } cardId)
        {
            snapshots = snapshots.Where(snapshot => snapshot.CardId == cardId);
        }
        if (filter.Card is { Length: > 0 } card)
        {
            var cards = db.Cards.Matching(card).Select(matched => matched.Id);
            snapshots = snapshots.Where(snapshot => cards.Contains(snapshot.CardId));
        }
        if (filter.Treatment is { Length: > 0 } treatment)
        {
            snapshots = snapshots.Where(snapshot => snapshot.Treatment == treatment);
        }
        return snapshots;
    }

    /// <summary>The rows with their seller and card, for a page or the CSV.</summary>
    private static IQueryable<Found> WithSellerAndCard(FlipFlowDbContext db, IQueryable<InventorySnapshot> snapshots) =>
        from snapshot in snapshots
        join seller in db.Sellers on snapshot.SellerId equals seller.Id
        join card in db.Cards on snapshot.CardId equals card.Id
        select new Found { Snapshot = snapshot, Seller = seller, Card = card };

    private static IQueryable<Found> Ordered(IQueryable<Found> rows, InventoryHistoryFilter filter)
    {
        IOrderedQueryable<Found> By<TKey>(Expression<Func<Found, TKey>> key) => filter.Descending ? rows.OrderByDescending(key) : rows.OrderBy(key);
        if (filter.Sort == InventoryHistorySort.Date)
        {
            // The primary key's order, one way throughout: a page is read straight off the key, not sorted from the whole range.
            return filter.Descending
                ? rows.OrderByDescending(row => row.Snapshot.Date).ThenByDescending(row => row.Snapshot.SellerId).ThenByDescending(row => row.Snapshot.CardId)
                    .ThenByDescending(row => row.Snapshot.Treatment)
                : rows.OrderBy(row => row.Snapshot.Date).ThenBy(row => row.Snapshot.SellerId).ThenBy(row => row.Snapshot.CardId).ThenBy(row => row.Snapshot.Treatment);
        }
        var ordered = filter.Sort switch
        {
            InventoryHistorySort.Seller => By(row => row.Seller.DisplayName),
            InventoryHistorySort.Card => By(row => row.Card.Number).ThenBy(row => row.Card.Rarity),
            InventoryHistorySort.Treatment => By(row => row.Snapshot.Treatment),
            _ => By(row => row.Snapshot.Quantity),
        };
        return ordered.ThenByDescending(row => row.Snapshot.Date).ThenBy(row => row.Snapshot.SellerId).ThenBy(row => row.Snapshot.CardId)
            .ThenBy(row => row.Snapshot.Treatment);
    }

    private static IQueryable<InventorySnapshotRow> Project(IQueryable<Found> rows) =>
        rows.Select(row => new InventorySnapshotRow(row.Snapshot.Date, row.Seller.Id, row.Seller.DisplayName, row.Seller.Platform, row.Card.Id, row.Card.Number,
            row.Card.Name, row.Card.Rarity, row.Snapshot.Treatment, row.Snapshot.Items, row.Snapshot.Quantity, row.Snapshot.Currency, row.Snapshot.AveragePrice,
            row.Snapshot.LowestPrice, row.Snapshot.HighestPrice));
}
