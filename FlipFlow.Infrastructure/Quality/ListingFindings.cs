using FlipFlow.Domain.Market;
using FlipFlow.Domain.Quality;
using FlipFlow.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace FlipFlow.Infrastructure.Quality;

/// <summary>
/// What one read of every market listing found: how many there are and how many a price figure counts (single cards, not
/// bulk, not left out), and the listings each listing check finds. Listings already left out of prices are found by none.
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

    /// <summary>Reads the market listings once, in id order, and runs the title, duplicate, outlier and address checks over them.</summary>
    public static async Task<ListingFindings> ReadAsync(FlipFlowDbContext db, CancellationToken cancellationToken)
    {
        var names = await db.Cards.AsNoTracking().ToDictionaryAsync(card => card.Id, card => card.Name, cancellationToken);
        var rows = db.MarketListings.AsNoTracking().OrderBy(listing => listing.Id).Select(listing => new
        {
            listing.Id, listing.Title, NoUrl = listing.Url == null || listing.Url == "", listing.CardId, listing.Treatment, listing.Grading, listing.Currency,
            listing.Price, listing.SellerId, listing.Format, listing.Status, listing.ProductType, listing.IsBulkLot, listing.ExcludedByFixId,
        });
        int listings = 0, priced = 0, live = 0;
        List<long> bulk = [], otherGameListings = [], otherGames = [], missing = [];
        var groups = new Dictionary<(int, string?, string?, string), List<PricedListing>>();
        var likeness = new List<ListingLikeness>();
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            listings++;
            if (row.NoUrl)
            {
                missing.Add(row.Id);
            }
            var counts = row.CardId is not null && !row.IsBulkLot && row.ExcludedByFixId is null;
            if (TitleParser.NamesOtherGame(row.Title))
            {
                otherGameListings.Add(row.Id);
                if (counts)
                {
                    otherGames.Add(row.Id);
                }
            }
            if (!counts || row.ProductType != MarketProductType.Single)
            {
                continue;
            }
            var card = row.CardId!.Value;
            priced++;
            if (TitleParser.NamesSeveralCards(row.Title, names.GetValueOrDefault(card)))
            {
                bulk.Add(row.Id);
            }
            var key = (card, row.Treatment, row.Grading, row.Currency);
            if (!groups.TryGetValue(key, out var group))
            {
                groups[key] = group = [];
            }
            group.Add(new PricedListing(row.Id, row.Price));
            if (row.Status == MarketListingStatus.Active && row.SellerId is { } seller)
            {
                live++;
                likeness.Add(new ListingLikeness(row.Id, card, row.Treatment, seller, row.Format, row.Price, row.Currency));
            }
        }
        var outliers = groups.Values.SelectMany(Domain.Quality.PriceOutliers.Find).Order().ToList();
        var duplicates = DuplicateListings.Find(likeness).Order().ToList();
        return new ListingFindings(listings, priced, live, otherGameListings, bulk, duplicates, outliers, otherGames, missing);
    }
}
