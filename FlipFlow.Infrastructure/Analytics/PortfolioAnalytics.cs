using System.Globalization;
using FlipFlow.Domain.Analytics;
using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;
using FlipFlow.Infrastructure.Common;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using FlipFlow.Domain.Snapshots;
using FlipFlow.Domain.Products;
using FlipFlow.Domain.Zombies;

namespace FlipFlow.Infrastructure.Analytics;

/// <summary>The days an analytics view covers, both included (UTC), and the marketplace it is limited to (none: all).</summary>
public sealed record AnalyticsRange(DateOnly From, DateOnly To, Marketplace? Marketplace = null)
{
    /// <summary>This range, or <see cref="AnalyticsRangeException"/> when <see cref="AnalyticsRanges"/> refuses it.</summary>
    public AnalyticsRange Checked()
    {
        AnalyticsRanges.Check(From, To);
        return this;
    }
}

/// <summary>One day of the portfolio in one currency, summed over the marketplaces in view. Views and watchers are null when no listing reported them.</summary>
public sealed record PortfolioDay(DateOnly Date, string Currency, int ActiveListings, int? Views, int? Watchers, int UnitsSold, decimal Revenue,
    decimal ListedValue);

/// <summary>An amount in one currency.</summary>
public sealed record MoneyTotal(string Currency, decimal Amount);

/// <summary>
/// The portfolio over a range. Sell-through is units sold / (units sold + units active at the range's end); the median
/// days to sell runs from a listing's ListedAt to each sale in the range; conversion is units sold / views. Each is null
/// when its denominator is zero or unknown.
/// </summary>
public sealed record PortfolioSummary(
    IReadOnlyList<MoneyTotal> PortfolioValue,
    int ActiveListings,
    int UnitsSold,
    int UnitsActiveAtEnd,
    decimal? SellThroughRate,
    double? MedianDaysToSell,
    int? Views,
    decimal? ViewsToSaleConversion,
    IReadOnlyList<MoneyTotal> Revenue);

/// <summary>
/// A listing's facts as its page shows them. <see cref="ZombieScore"/> is the last scan's, and only while the listing is live
/// (<see cref="ZombieCandidates.ScoreShown"/>). <see cref="ReplacesListingId"/> is the listing it replaced when relisted,
/// <see cref="ReplacedByListingId"/> the one that replaced it (<see cref="RelistLineage"/>), so the page can link both ways.
/// </summary>
public sealed record ListingFactsView(long Id, string Sku, string Title, Marketplace Marketplace, ListingStatus Status, decimal Price, string Currency,
    int Quantity, int QuantitySold, int? Views, int? Watchers, string? Url, string? RemoteId, DateTimeOffset? ListedAt, DateTimeOffset? EndedAt,
    DateTimeOffset? LastSaleAt, int? ZombieScore, long? ReplacesListingId = null, long? ReplacedByListingId = null);

/// <summary>One listing's day from its snapshot.</summary>
public sealed record ListingDay(DateOnly Date, int? Views, int? Watchers, decimal Price, string Currency, int Quantity, ListingStatus Status, int UnitsSold);

/// <summary>
/// A listing with its days in a range, its history (events, newest first) and its offers (newest first). A relisted listing's
/// days, events and offers include those of the listings it replaced (<see cref="RelistLineage.History"/>).
/// </summary>
public sealed record ListingTrend(ListingFactsView Listing, IReadOnlyList<ListingDay> Days, IReadOnlyList<ListingEvent> Events,
    IReadOnlyList<ListingOffer> Offers);

/// <summary>A listing found by the analytics page's picker.</summary>
public sealed record ListingChoice(long Id, string Sku, string Title, Marketplace Marketplace, ListingStatus Status);

/// <summary>
/// Trends and summary for the Analytics page: the portfolio per day (from the daily totals), one listing per day (from its
/// snapshots, with its history and offers), the summary figures, and both series as CSV. Decimals are summed in C#, not
/// in SQL: SQLite keeps them as text. The rows read are bounded: daily totals are a few per day, a listing's snapshots
/// one per day, and the summary reads the active listings' prices and the range's sales.
/// </summary>
public sealed class PortfolioAnalytics(IDbContextFactory<FlipFlowDbContext> contexts)
{
    /// <summary>The portfolio per day and currency, oldest first.</summary>
    public async Task<IReadOnlyList<PortfolioDay>> PortfolioSeriesAsync(AnalyticsRange range, CancellationToken cancellationToken = default)
    {
        range = range.Checked();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var totals = db.DailyListingTotals.AsNoTracking().Where(totals => totals.Date >= range.From && totals.Date <= range.To);
        if (range.Marketplace is { } marketplace)
        {
            totals = totals.Where(row => row.Marketplace == marketplace);
        }
        var rows = await totals.ToListAsync(cancellationToken);
        return rows
            .GroupBy(row => (row.Date, row.Currency))
            .OrderBy(day => day.Key.Date).ThenBy(day => day.Key.Currency, StringComparer.Ordinal)
            .Select(day => new PortfolioDay(day.Key.Date, day.Key.Currency, day.Sum(row => row.ActiveListings), SumOrNull(day.Select(row => row.Views)),
                SumOrNull(day.Select(row => row.Watchers)), day.Sum(row => row.UnitsSold), day.Sum(row => row.Revenue), day.Sum(row => row.ListedValue)))
            .ToList();
    }

    /// <summary>The summary of the range; the portfolio value is today's (price × quantity of the active listings).</summary>
    public async Task<PortfolioSummary> SummaryAsync(AnalyticsRange range, CancellationToken cancellationToken = default)
    {
        range = range.Checked();
        var days = await PortfolioSeriesAsync(range, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var listings = db.Listings.AsNoTracking();
        if (range.Marketplace is { } marketplace)
        {
            listings = listings.Where(listing => listing.Marketplace == marketplace);
        }
        var active = await listings.Where(listing => listing.Status == ListingStatus.Active)
            .Select(listing => new { listing.Price, listing.Quantity, listing.Currency })
            .ToListAsync(cancellationToken);
        var value = active.GroupBy(listing => listing.Currency).OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => new MoneyTotal(group.Key, group.Sum(listing => listing.Price * listing.Quantity))).ToList();

        // Units active at the end: the active listings' quantities on the range's last collected day.
        var snapshots = from snapshot in db.ListingSnapshots.AsNoTracking()
                        join listing in listings on snapshot.ListingId equals listing.Id
                        select snapshot;
        var lastDay = await snapshots.Where(snapshot => snapshot.Date >= range.From && snapshot.Date <= range.To)
            .MaxAsync(snapshot => (DateOnly?)snapshot.Date, cancellationToken);
        var unitsAtEnd = lastDay is { } end
            ? await snapshots.Where(snapshot => snapshot.Date == end && snapshot.Status == ListingStatus.Active).SumAsync(snapshot => snapshot.Quantity, cancellationToken)
            : 0;

        var rangeStart = new DateTimeOffset(range.From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var rangeEnd = new DateTimeOffset(range.To.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var sales = await (from sale in db.ListingEvents.AsNoTracking()
                           join listing in listings on sale.ListingId equals listing.Id
                           where sale.Kind == ListingEventKind.Sold && sale.At >= rangeStart && sale.At < rangeEnd && listing.ListedAt != null
                           select new { sale.At, listing.ListedAt })
            .ToListAsync(cancellationToken);
        var daysToSell = sales.Select(sale => (sale.At - sale.ListedAt!.Value).TotalDays).Where(daysTaken => daysTaken >= 0).ToList();

        var unitsSold = days.Sum(day => day.UnitsSold);
        var views = SumOrNull(days.Select(day => day.Views));
        var revenue = days.GroupBy(day => day.Currency).OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => new MoneyTotal(group.Key, group.Sum(day => day.Revenue))).ToList();
        return new PortfolioSummary(
            value,
            active.Count,
            unitsSold,
            unitsAtEnd,
            unitsSold + unitsAtEnd > 0 ? (decimal)unitsSold / (unitsSold + unitsAtEnd) : null,
            Median(daysToSell),
            views,
            views is > 0 ? (decimal)unitsSold / views.Value : null,
            revenue);
    }

    /// <summary>How far back a listing's page and <c>GET /api/v1/listings/{id}</c> look: the listing's whole life, up to a year.</summary>
    public const int ListingLifeDays = 365;

    /// <summary>The days a listing's page covers when read on <paramref name="today"/>: the last <see cref="ListingLifeDays"/> days up to today.</summary>
    public static AnalyticsRange ListingLife(DateOnly today) => new(today.AddDays(-ListingLifeDays), today);

    /// <summary>
    /// One listing over the range, with its whole history and offers, carried on from the listings it replaced when it was
    /// relisted; null when there is no such listing.
    /// </summary>
    public async Task<ListingTrend?> ListingTrendAsync(long listingId, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        var range = new AnalyticsRange(from, to).Checked();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var facts = await db.Listings.AsNoTracking().Where(listing => listing.Id == listingId)
            .Select(listing => new ListingFactsView(listing.Id, listing.Product!.Sku, listing.Product.Title, listing.Marketplace, listing.Status,
                listing.Price, listing.Currency, listing.Quantity, listing.QuantitySold, listing.Views, listing.Watchers, listing.Url, listing.RemoteId,
                listing.ListedAt, listing.EndedAt, listing.LastSaleAt, ZombieCandidates.ScoreShown(listing.Status, listing.ZombieScore)))
            .SingleOrDefaultAsync(cancellationToken);
        if (facts is null)
        {
            return null;
        }
        // A relist keeps the product, so the product's listings hold the whole lineage.
        var links = await db.Listings.AsNoTracking()
            .Where(listing => db.Listings.Any(one => one.Id == listingId && one.ProductId == listing.ProductId))
            .Select(listing => new ListingLink(listing.Id, listing.ReplacesListingId, listing.Status))
            .ToListAsync(cancellationToken);
        var lineage = RelistLineage.Of(listingId, links);
        var history = lineage.History;
        var snapshots = await db.ListingSnapshots.AsNoTracking()
            .Where(snapshot => history.Contains(snapshot.ListingId) && snapshot.Date >= range.From && snapshot.Date <= range.To)
            .ToListAsync(cancellationToken);
        var days = lineage.Days(snapshots)
            .Select(snapshot => new ListingDay(snapshot.Date, snapshot.Views, snapshot.Watchers, snapshot.Price, snapshot.Currency, snapshot.Quantity,
                snapshot.Status, snapshot.UnitsSold))
            .ToList();
        var events = await db.ListingEvents.AsNoTracking().Where(change => history.Contains(change.ListingId))
            .OrderByDescending(change => change.At).ThenByDescending(change => change.Id).Take(500).ToListAsync(cancellationToken);
        var offers = await db.ListingOffers.AsNoTracking().Where(offer => history.Contains(offer.ListingId))
            .OrderByDescending(offer => offer.SentAt).ThenByDescending(offer => offer.Id).Take(500).ToListAsync(cancellationToken);
        return new ListingTrend(facts with { ReplacesListingId = lineage.Replaces, ReplacedByListingId = lineage.ReplacedBy }, days, events, offers);
    }

    /// <summary>Listings whose SKU or title holds the text, live ones first: the page's picker.</summary>
    public async Task<IReadOnlyList<ListingChoice>> FindListingsAsync(string? text, Marketplace? marketplace = null, int limit = 20,
        CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var listings = db.Listings.AsNoTracking();
        if (marketplace is { } only)
        {
            listings = listings.Where(listing => listing.Marketplace == only);
        }
        if (!string.IsNullOrWhiteSpace(text))
        {
            var term = text.Trim().ToLower();
            listings = listings.Where(listing => listing.Product!.Sku.ToLower().Contains(term) || listing.Product.Title.ToLower().Contains(term));
        }
        return await listings
            .OrderBy(listing => listing.Status == ListingStatus.Active ? 0 : 1).ThenBy(listing => listing.Product!.Sku).ThenByDescending(listing => listing.Id)
            .Take(Math.Clamp(limit, 1, 200))
            .Select(listing => new ListingChoice(listing.Id, listing.Product!.Sku, listing.Product.Title, listing.Marketplace, listing.Status))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The portfolio series as CSV: a header, then one row per day and currency.</summary>
    public async Task WritePortfolioCsvAsync(AnalyticsRange range, TextWriter output, CancellationToken cancellationToken = default)
    {
        var days = await PortfolioSeriesAsync(range, cancellationToken);
        var csv = new CsvWriter(output);
        var scope = range.Marketplace?.DisplayName() ?? "All";
        csv.WriteRow("Date", "Marketplace", "Currency", "Active listings", "Views", "Watchers", "Units sold", "Revenue", "Listed value");
        foreach (var day in days)
        {
            csv.WriteRow(Date(day.Date), scope, day.Currency, Count(day.ActiveListings), Count(day.Views), Count(day.Watchers), Count(day.UnitsSold),
                Money(day.Revenue), Money(day.ListedValue));
        }
        await output.FlushAsync(cancellationToken);
    }

    /// <summary>A listing's days as CSV (its SKU and title on every row); false when there is no such listing.</summary>
    public async Task<bool> WriteListingCsvAsync(long listingId, DateOnly from, DateOnly to, TextWriter output, CancellationToken cancellationToken = default)
    {
        if (await ListingTrendAsync(listingId, from, to, cancellationToken) is not { } trend)
        {
            return false;
        }
        var csv = new CsvWriter(output);
        var listing = trend.Listing;
        csv.WriteRow("Date", "Listing", "SKU", "Title", "Marketplace", "Status", "Price", "Currency", "Quantity", "Views", "Watchers", "Units sold");
        foreach (var day in trend.Days)
        {
            csv.WriteRow(Date(day.Date), Count(listing.Id), listing.Sku, listing.Title, listing.Marketplace.DisplayName(), day.Status.ToString(),
                Money(day.Price), day.Currency, Count(day.Quantity), Count(day.Views), Count(day.Watchers), Count(day.UnitsSold));
        }
        await output.FlushAsync(cancellationToken);
        return true;
    }

    /// <summary>The median of the values; null for none.</summary>
    public static double? Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static int? SumOrNull(IEnumerable<int?> values)
    {
        int? sum = null;
        foreach (var value in values)
        {
            if (value is { } known)
            {
                sum = (sum ?? 0) + known;
            }
        }
        return sum;
    }

    /// <summary>Money with its cents, whatever scale the database gave back: "-3.50", never neutralised.</summary>
    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Count(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
}
