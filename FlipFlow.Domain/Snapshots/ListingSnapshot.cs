using FlipFlow.Domain.Listings;
namespace FlipFlow.Domain.Snapshots;

/// <summary>
/// One listing on one day (UTC), as the daily snapshot found it: one row per listing and date, replaced, never
/// duplicated, when the day is collected again. Counts a marketplace does not report are null ("no data").
/// </summary>
public sealed class ListingSnapshot
{
    public long ListingId { get; set; }
    public DateOnly Date { get; set; }

    /// <summary>Views and impressions during the day, and watchers at its end.</summary>
    public int? Views { get; set; }

    public int? Impressions { get; set; }
    public int? Watchers { get; set; }

    /// <summary>The lifetime counters at collection, from which the next day's counts are worked out.</summary>
    public int? ViewsTotal { get; set; }

    public int? ImpressionsTotal { get; set; }
    public decimal Price { get; set; }
    public string Currency { get; set; } = "USD";
    public int Quantity { get; set; }
    public ListingStatus Status { get; set; }

    /// <summary>Units sold during the day.</summary>
    public int UnitsSold { get; set; }

    /// <summary>Units sold over the listing's life at collection.</summary>
    public int SoldTotal { get; set; }
}
