using FlipFlow.Domain.Snapshots;

namespace FlipFlow.Domain.Listings;

/// <summary>One listing as a link of a relist lineage: the listing it replaced (<see cref="Listing.ReplacesListingId"/>) and its status.</summary>
public sealed record ListingLink(long Id, long? ReplacesListingId, ListingStatus Status);

/// <summary>
/// A listing among the ones it replaced and the one that replaced it. A relist ends a listing and lists the product
/// again as a new listing linked to the old one (<see cref="Listing.ReplacesListingId"/>), so the item's history is
/// spread over the chain: <see cref="History"/> is the listing and every one before it, newest first.
/// </summary>
public sealed class RelistLineage
{
    private RelistLineage(IReadOnlyList<long> history, long? replacedBy)
    {
        History = history;
        ReplacedBy = replacedBy;
    }

    /// <summary>The listing, then the one it replaced, and so on back to the first; a listing not among the links, or met twice, ends it.</summary>
    public IReadOnlyList<long> History { get; }

    /// <summary>The listing it replaced; null for a first listing.</summary>
    public long? Replaces => History.Count > 1 ? History[1] : null;

    /// <summary>The listing that replaced it (<see cref="Successor"/>); null while none has.</summary>
    public long? ReplacedBy { get; }

    /// <summary>The lineage of <paramref name="listingId"/> among <paramref name="links"/> (a product's listings, say).</summary>
    public static RelistLineage Of(long listingId, IEnumerable<ListingLink> links)
    {
        var byId = new Dictionary<long, ListingLink>();
        foreach (var link in links)
        {
            byId.TryAdd(link.Id, link);
        }
        var history = new List<long> { listingId };
        var previous = byId.GetValueOrDefault(listingId)?.ReplacesListingId;
        while (previous is { } id && !history.Contains(id))
        {
            history.Add(id);
            previous = byId.GetValueOrDefault(id)?.ReplacesListingId;
        }
        var successor = Successor(byId.Values.Where(link => link.ReplacesListingId == listingId && link.Id != listingId));
        return new RelistLineage(history, successor?.Id);
    }

    /// <summary>
    /// Which of the listings that replaced one is its successor: a live one first (a failed relist may leave another
    /// behind), else the newest (highest id); null for none.
    /// </summary>
    public static ListingLink? Successor(IEnumerable<ListingLink> replacements) =>
        replacements.OrderByDescending(link => link.Status == ListingStatus.Active).ThenByDescending(link => link.Id).FirstOrDefault();

    /// <summary>
    /// The lineage's days, oldest first, one per date: the snapshots of every listing in <see cref="History"/> on that
    /// date taken together. On the day of a relist both the old and the new listing have one: views, impressions
    /// and units sold add up (null only when no listing reported the figure), and the state at the day's end
    /// (watchers, price, quantity, status) is the newest listing's. Snapshots of other listings are ignored.
    /// </summary>
    public IReadOnlyList<ListingSnapshot> Days(IEnumerable<ListingSnapshot> snapshots)
    {
        var rank = History.Select((id, index) => (id, index)).ToDictionary(pair => pair.id, pair => pair.index);
        return snapshots
            .Where(snapshot => rank.ContainsKey(snapshot.ListingId))
            .GroupBy(snapshot => snapshot.Date)
            .OrderBy(day => day.Key)
            .Select(day =>
            {
                var newestFirst = day.OrderBy(snapshot => rank[snapshot.ListingId]).ToList();
                var newest = newestFirst[0];
                return new ListingSnapshot
                {
                    ListingId = newest.ListingId,
                    Date = day.Key,
                    Views = SumOrNull(newestFirst.Select(snapshot => snapshot.Views)),
                    Impressions = SumOrNull(newestFirst.Select(snapshot => snapshot.Impressions)),
                    Watchers = newest.Watchers,
                    ViewsTotal = newest.ViewsTotal,
                    ImpressionsTotal = newest.ImpressionsTotal,
                    Price = newest.Price,
                    Currency = newest.Currency,
                    Quantity = newest.Quantity,
                    Status = newest.Status,
                    UnitsSold = newestFirst.Sum(snapshot => snapshot.UnitsSold),
                    SoldTotal = newest.SoldTotal,
                };
            })
            .ToList();
    }

    private static int? SumOrNull(IEnumerable<int?> values) =>
        values.Aggregate((int?)null, (sum, value) => value is { } known ? (sum ?? 0) + known : sum);
}
