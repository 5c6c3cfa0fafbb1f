namespace FlipFlow.Domain.Quality;

/// <summary>One priced listing of a group: the same card, treatment, grading and currency.</summary>
public readonly record struct PricedListing(long Id, decimal Price);

/// <summary>
/// The listings whose price cannot be the card's: further than <see cref="Deviations"/> standard deviations (of the whole
/// group's prices) from the group's median, in groups of at least <see cref="MinimumListings"/> (fewer cannot tell a
/// price from a typo), or under <see cref="SingleFloor"/> for one card, in any group.
/// </summary>
public static class PriceOutliers
{
    public const int Deviations = 3;
    public const int MinimumListings = 10;
    public const decimal SingleFloor = 0.50m;

    public static IEnumerable<long> Find(IReadOnlyList<PricedListing> group)
    {
        var cheap = group.Where(listing => listing.Price < SingleFloor).Select(listing => listing.Id);
        if (group.Count < MinimumListings)
        {
            return cheap;
        }
        var prices = group.Select(listing => (double)listing.Price).Order().ToArray();
        var middle = prices.Length / 2;
        var median = prices.Length % 2 == 1 ? prices[middle] : (prices[middle - 1] + prices[middle]) / 2;
        var mean = prices.Average();
        var deviation = Math.Sqrt(prices.Sum(price => (price - mean) * (price - mean)) / prices.Length);
        if (deviation == 0)
        {
            return cheap;
        }
        var far = group.Where(listing => Math.Abs((double)listing.Price - median) > Deviations * deviation).Select(listing => listing.Id);
        return cheap.Union(far);
    }
}
