using FlipFlow.Domain.Market;
using FlipFlow.Domain.Quality;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Quality;

/// <summary>
/// What the market listings hold for the listing checks: how many listings there are and how many a price figure counts
/// (single cards, not bulk, not left out), and the listings each check finds, in id order. Listings already left out of
/// prices are found by none.
/// </summary>
public sealed record ListingFindings(
    int Listings,
    int PricedSingles,
    int LiveSingles,
    IReadOnlyList<long> OtherGameListings,
    IReadOnlyList<long> BulkLots,
    IReadOnlyList<long> Duplicates,
    IReadOnlyList<long> PriceOutliers,
    IReadOnlyList<long> OtherGames,
    IReadOnlyList<long> MissingUrls)
{
    /// <summary>The listings a check found, for the checks whose fix leaves listings out of price figures.</summary>
    public IReadOnlyList<long> Of(QualityCheckKind check) => check switch
    {
        QualityCheckKind.BulkLots => BulkLots,
        QualityCheckKind.Duplicates => Duplicates,
        QualityCheckKind.PriceOutliers => PriceOutliers,
        QualityCheckKind.OtherGames => OtherGames,
        _ => [],
    };

    /// <summary>
    /// Reads the market listings in parallel reads, each on its own connection and with only the columns it needs: the titles
    /// of the listings no price counts, the priced single-card listings (split by id over the processors), the live ones
    /// among them with their seller and format, and the listings without an address.
    /// </summary>
    public static async Task<ListingFindings> ReadAsync(IDbContextFactory<FlipFlowDbContext> contexts, CancellationToken cancellationToken)
    {
        Dictionary<int, string> names;
        long last;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            names = await db.Cards.AsNoTracking().ToDictionaryAsync(card => card.Id, card => TitleParser.Normalize(card.Name), cancellationToken);
            last = await db.MarketListings.MaxAsync(listing => (long?)listing.Id, cancellationToken) ?? 0;
        }
        // The database providers read synchronously underneath: each read gets a thread of its own.
        var parts = Math.Clamp(Environment.ProcessorCount, 1, 8);
        var priced = Enumerable.Range(0, parts)
            .Select(part => Task.Run(() => ReadPricedAsync(contexts, names, last * part / parts, last * (part + 1) / parts, cancellationToken), cancellationToken))
            .ToList();
        var unpriced = Task.Run(() => ReadUnpricedAsync(contexts, cancellationToken), cancellationToken);
        var duplicates = Task.Run(() => ReadDuplicatesAsync(contexts, cancellationToken), cancellationToken);
        var missing = Task.Run(() => ReadAsync(contexts, listings => listings.Where(listing => listing.Url == null || listing.Url == "").Select(listing => listing.Id),
            cancellationToken), cancellationToken);
        var found = await Task.WhenAll(priced);
        var (count, unpricedOtherGames) = await unpriced;
        var (live, repeated) = await duplicates;
        var groups = found.SelectMany(part => part.Groups).GroupBy(group => group.Key, group => group.Value)
            .Select(group => (IReadOnlyList<PricedListing>)[.. group.SelectMany(listings => listings)]);
        var singles = found.Sum(part => part.Singles);
        var otherGames = found.SelectMany(part => part.OtherGames).Order().ToList();
        return new ListingFindings(count + singles, singles, live, [.. unpricedOtherGames.Concat(otherGames).Order()],
            [.. found.SelectMany(part => part.BulkLots).Order()], repeated, [.. groups.SelectMany(Domain.Quality.PriceOutliers.Find).Order()], otherGames,
            [.. (await missing).Order()]);
    }

    /// <summary>Every listing no price figure counts (no card, bulk, left out, or not one card): how many, and those naming another game.</summary>
    private static async Task<(int Count, List<long> OtherGames)> ReadUnpricedAsync(IDbContextFactory<FlipFlowDbContext> contexts, CancellationToken cancellationToken)
    {
        var count = 0;
        var otherGames = new List<long>();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await foreach (var row in Unpriced(db.MarketListings.AsNoTracking()).Select(listing => new { listing.Id, listing.Title })
            .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            count++;
            if (TitleParser.NamesOtherGame(TitleParser.Normalize(row.Title)))
            {
                otherGames.Add(row.Id);
            }
        }
        return (count, otherGames);
    }

    private sealed record PricedPart(int Singles, List<long> BulkLots, List<long> OtherGames, Dictionary<(int, string?, string?, string), List<PricedListing>> Groups);

    /// <summary>
    /// The priced single-card listings with ids after <paramref name="after"/> up to <paramref name="upTo"/>: how many, those
    /// selling several cards or naming another game, and their prices by card, treatment, grading and currency.
    /// </summary>
    private static async Task<PricedPart> ReadPricedAsync(IDbContextFactory<FlipFlowDbContext> contexts, Dictionary<int, string> names, long after, long upTo,
        CancellationToken cancellationToken)
    {
        var part = new PricedPart(0, [], [], []);
        var singles = 0;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await foreach (var row in CountedSingles(db.MarketListings.AsNoTracking()).Where(listing => listing.Id > after && listing.Id <= upTo)
            .Select(listing => new { listing.Id, listing.Title, CardId = listing.CardId!.Value, listing.Treatment, listing.Grading, listing.Currency, listing.Price })
            .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            singles++;
            var title = TitleParser.Normalize(row.Title);
            if (TitleParser.NamesOtherGame(title))
            {
                part.OtherGames.Add(row.Id);
            }
            if (TitleParser.NamesSeveralCards(title, names.GetValueOrDefault(row.CardId)))
            {
                part.BulkLots.Add(row.Id);
            }
            var key = (row.CardId, row.Treatment, row.Grading, row.Currency);
            if (!part.Groups.TryGetValue(key, out var group))
            {
                part.Groups[key] = group = [];
            }
            group.Add(new PricedListing(row.Id, row.Price));
        }
        return part with { Singles = singles };
    }

    /// <summary>The live priced single-card listings with a seller: how many, and the duplicates among them.</summary>
    private static async Task<(int Live, IReadOnlyList<long> Duplicates)> ReadDuplicatesAsync(IDbContextFactory<FlipFlowDbContext> contexts,
        CancellationToken cancellationToken)
    {
        var live = await ReadAsync(contexts, listings => CountedSingles(listings)
            .Where(listing => listing.Status == MarketListingStatus.Active && listing.SellerId != null)
            .Select(listing => new ListingLikeness(listing.Id, listing.CardId!.Value, listing.Treatment, listing.SellerId!.Value, listing.Format, listing.Price,
                listing.Currency)), cancellationToken);
        return (live.Count, [.. DuplicateListings.Find(live).Order()]);
    }

    private static async Task<List<T>> ReadAsync<T>(IDbContextFactory<FlipFlowDbContext> contexts, Func<IQueryable<MarketListing>, IQueryable<T>> query,
        CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await query(db.MarketListings.AsNoTracking()).ToListAsync(cancellationToken);
    }

    /// <summary>The listings a single card's price figure counts: of a card, not bulk, not left out, one card.</summary>
    private static IQueryable<MarketListing> CountedSingles(IQueryable<MarketListing> listings) =>
        listings.Where(listing => listing.CardId != null && !listing.IsBulkLot && listing.ExcludedByFixId == null && listing.ProductType == MarketProductType.Single);

    private static IQueryable<MarketListing> Unpriced(IQueryable<MarketListing> listings) =>
        listings.Where(listing => listing.CardId == null || listing.IsBulkLot || listing.ExcludedByFixId != null || listing.ProductType != MarketProductType.Single);
}
