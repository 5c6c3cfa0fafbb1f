using FlipFlow.Domain.Listings;
using FlipFlow.Domain.Marketplaces;

namespace FlipFlow.Domain.Snapshots;

/// <summary>
/// A marketplace's listings summed for one day, written with the day's snapshots: what the dashboard's and the
/// analytics' charts read, so that a year of 100,000 listings' snapshots is never summed on a page load.
/// </summary>
public sealed class DailyListingTotals
{
    public DateOnly Date { get; set; }
    public Marketplace Marketplace { get; set; }
    public int ActiveListings { get; set; }

    /// <summary>Views, impressions and watchers of the listings that report them; null when none does.</summary>
    public int? Views { get; set; }

    public int? Impressions { get; set; }
    public int? Watchers { get; set; }
    public int UnitsSold { get; set; }

    /// <summary>The day's sales at their listings' prices, in <see cref="Currency"/>.</summary>
    public decimal Revenue { get; set; }

    public string Currency { get; set; } = "USD";

    /// <summary>What the active listings asked in all: price times quantity.</summary>
    public decimal ListedValue { get; set; }
}
