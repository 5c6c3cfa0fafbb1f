using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Sellers;

/// <summary>The average asking price of a seller's active listings in one currency.</summary>
public sealed record SellerPrice(string Currency, decimal Average, int Listings);

/// <summary>Units a seller sold on one day (UTC).</summary>
public sealed record SellerSalesDay(DateOnly Day, int Units);

/// <summary>
/// A seller's figures: its market listings, the units its active listings offer (its inventory), the units it sold in the
/// last <see cref="WindowDays"/> days and its share of all units sold in them (percent), its average asking price per
/// currency, and its sales a day over the last <see cref="ChartDays"/> days.
/// </summary>
public sealed record SellerAnalytics(int WindowDays, int Listings, int ActiveListings, int InventoryUnits, int UnitsSold, decimal MarketShare,
    IReadOnlyList<SellerPrice> AverageListingPrices, int ChartDays, IReadOnlyList<SellerSalesDay> SalesByDay);

/// <summary>Works out <see cref="SellerAnalytics"/> from the market listings linked to a seller.</summary>
public sealed class SellerFigures(IDbContextFactory<FlipFlowDbContext> contexts, TimeProvider clock)
{
    public const int WindowDays = 30;
    public const int ChartDays = 90;

    public DateTimeOffset WindowStart() => clock.GetUtcNow().AddDays(-WindowDays);

    public async Task<SellerAnalytics> ForAsync(long sellerId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await ForAsync(db, sellerId, cancellationToken);
    }

    public async Task<SellerAnalytics> ForAsync(FlipFlowDbContext db, long sellerId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var since = now.AddDays(-WindowDays);
        var chartFrom = DateOnly.FromDateTime(now.UtcDateTime).AddDays(1 - ChartDays);
        var chartSince = new DateTimeOffset(chartFrom.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var listings = db.MarketListings.AsNoTracking().Where(listing => listing.SellerId == sellerId);
        var counts = await listings.GroupBy(listing => listing.Status)
            .Select(group => new { Status = group.Key, Listings = group.Count(), Units = group.Sum(listing => listing.Quantity) })
            .ToListAsync(cancellationToken);
        var prices = await listings.Where(listing => listing.Status == MarketListingStatus.Active)
            .GroupBy(listing => listing.Currency)
            .Select(group => new { Currency = group.Key, Listings = group.Count(), Total = group.Sum(listing => listing.Price) })
            .ToListAsync(cancellationToken);
        var sales = await listings.Where(listing => listing.Status == MarketListingStatus.Sold && listing.SoldAt >= chartSince)
            .Select(listing => new { SoldAt = listing.SoldAt!.Value, listing.Quantity })
            .ToListAsync(cancellationToken);
        var byDay = sales.GroupBy(sale => DateOnly.FromDateTime(sale.SoldAt.UtcDateTime)).ToDictionary(day => day.Key, day => day.Sum(sale => sale.Quantity));
        var unitsSold = sales.Where(sale => sale.SoldAt >= since).Sum(sale => sale.Quantity);
        var active = counts.FirstOrDefault(count => count.Status == MarketListingStatus.Active);
        return new SellerAnalytics(WindowDays, counts.Sum(count => count.Listings), active?.Listings ?? 0, active?.Units ?? 0, unitsSold,
            Share(unitsSold, await UnitsSoldAsync(db, since, cancellationToken)),
            prices.OrderByDescending(price => price.Listings)
                .Select(price => new SellerPrice(price.Currency, Math.Round(price.Total / price.Listings, 2), price.Listings)).ToList(),
            ChartDays,
            Enumerable.Range(0, ChartDays).Select(offset => chartFrom.AddDays(offset)).Select(day => new SellerSalesDay(day, byDay.GetValueOrDefault(day))).ToList());
    }

    /// <summary>Units sold on every platform since <paramref name="since"/>.</summary>
    public async Task<int> UnitsSoldAsync(FlipFlowDbContext db, DateTimeOffset since, CancellationToken cancellationToken) =>
        await db.MarketListings.AsNoTracking()
            .Where(listing => listing.Status == MarketListingStatus.Sold && listing.SoldAt >= since)
            .SumAsync(listing => listing.Quantity, cancellationToken);

    /// <summary>A share of all units sold, in percent to two decimals; 0 when nothing sold.</summary>
    public static decimal Share(int units, int of) => of == 0 ? 0m : Math.Round(100m * units / of, 2);
}
