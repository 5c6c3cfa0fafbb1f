using FlipFlow.Domain.Catalog;
using FlipFlow.Domain.Market;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Market;

/// <summary>A catalogue card with its market over the last <see cref="CardMarket.SummaryDays"/> days, all treatments together.</summary>
public sealed record CardSummary(int Id, string Set, string Number, string Name, string Rarity, string? CardType, int Active, int Sales, decimal? SellThrough);

/// <summary>One sale of a card: when, for how much, in which treatment and where.</summary>
public sealed record CardSale(DateTimeOffset At, decimal Price, string Currency, string? Treatment, string? Grading, MarketPlatform Platform);

/// <summary>One market listing of a card, as last seen.</summary>
public sealed record CardObservation(
    long Id,
    MarketPlatform Platform,
    string Title,
    string? Url,
    MarketListingStatus Status,
    decimal Price,
    string Currency,
    string? Treatment,
    string? Grading,
    bool IsBulkLot,
    string? SellerText,
    long? SellerId,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset? SoldAt);

/// <summary>A card's page: the card, its treatments over the scanner's window, its sales over <see cref="CardMarket.SalesDays"/> days, and its latest listings.</summary>
public sealed record CardDetail(Card Card, ScannerReport Treatments, IReadOnlyList<CardSale> Sales, IReadOnlyList<CardObservation> Observations);

/// <summary>The card catalogue with what the market does with each card: the Cards page, <c>/api/v1/cards</c>.</summary>
public sealed class CardMarket(IDbContextFactory<FlipFlowDbContext> contexts, MarketScanner scanner, MarketListingSearch listings, TimeProvider clock)
{
    public const int SummaryDays = ScannerRules.DefaultWindowDays;
    public const int SalesDays = 90;
    public const int ObservationCount = 100;

    /// <summary>The cards whose name or number holds <paramref name="search"/> (all when empty), by number, one page of them with the total.</summary>
    public async Task<(IReadOnlyList<CardSummary> Cards, int Total)> ListAsync(string? search, int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var cards = db.Cards.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var words = search.Trim().ToLowerInvariant();
            cards = cards.Where(card => card.Name.ToLower().Contains(words) || card.Number.ToLower().Contains(words) || card.Set.ToLower().Contains(words));
        }
        // A catalogue is hundreds of printings: sorted here, where "143/401" can be ordered as a number.
        var matching = await cards.ToListAsync(cancellationToken);
        var page = matching
            .OrderBy(card => card.Set, StringComparer.Ordinal).ThenBy(card => CollectorOrder(card.Number)).ThenBy(card => card.Rarity, StringComparer.Ordinal)
            .Skip(skip).Take(take).ToList();
        var ids = page.Select(card => card.Id).ToList();
        var since = clock.GetUtcNow().AddDays(-SummaryDays);
        var figures = await db.MarketListings.AsNoTracking()
            .Where(listing => listing.CardId != null && ids.Contains(listing.CardId.Value) && !listing.IsBulkLot && listing.ExcludedByFixId == null
                && (listing.Status == MarketListingStatus.Active || (listing.Status == MarketListingStatus.Sold && listing.SoldAt >= since)))
            .GroupBy(listing => listing.CardId!.Value)
            .Select(group => new
            {
                CardId = group.Key,
                Active = group.Count(listing => listing.Status == MarketListingStatus.Active),
                Sales = group.Count(listing => listing.Status == MarketListingStatus.Sold),
            })
            .ToDictionaryAsync(figure => figure.CardId, cancellationToken);
        return (page.Select(card =>
        {
            var (active, sales) = figures.TryGetValue(card.Id, out var figure) ? (figure.Active, figure.Sales) : (0, 0);
            return new CardSummary(card.Id, card.Set, card.Number, card.Name, card.Rarity, card.CardType, active, sales, ScannerRules.SellThrough(sales, active));
        }).ToList(), matching.Count);
    }

    /// <summary>A card's page, or null when there is no such card.</summary>
    public async Task<CardDetail?> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.Cards.AsNoTracking().FirstOrDefaultAsync(card => card.Id == id, cancellationToken) is not { } card)
        {
            return null;
        }
        var since = clock.GetUtcNow().AddDays(-SalesDays);
        var sales = await db.MarketListings.AsNoTracking()
            .Where(listing => listing.CardId == id && !listing.IsBulkLot && listing.ExcludedByFixId == null && listing.Status == MarketListingStatus.Sold && listing.SoldAt >= since)
            .OrderBy(listing => listing.SoldAt)
            .Select(listing => new CardSale(listing.SoldAt!.Value, listing.Price, listing.Currency, listing.Treatment, listing.Grading, listing.Platform))
            .ToListAsync(cancellationToken);
        var (observations, _) = await listings.FindAsync(new MarketListingFilter(CardId: id), 0, ObservationCount, cancellationToken);
        var treatments = await scanner.ReadAsync(new ScannerQuery(CardId: id), cancellationToken);
        return new CardDetail(card, treatments, sales, observations);
    }

    /// <summary>"143/401" sorts as 143, "P-043" after the set's numbers.</summary>
    private static (int, string) CollectorOrder(string number)
    {
        var digits = new string(number.TakeWhile(char.IsAsciiDigit).ToArray());
        return digits.Length > 0 && int.TryParse(digits, out var value) ? (value, number) : (int.MaxValue, number);
    }
}
