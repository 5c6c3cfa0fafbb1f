namespace FlipFlow.Domain.Listings;

public enum ListingEventKind
{
    PriceChanged,
    QuantityChanged,
    StatusChanged,
    Sold,
}

/// <summary>
/// A change a sync saw on a listing, saved in the same transaction as the listing's new state: the listing's
/// history, the dashboard's recent sales and the trends' source.
/// </summary>
public sealed class ListingEvent
{
    public long Id { get; set; }
    public long ListingId { get; set; }
    public ListingEventKind Kind { get; set; }

    /// <summary>The value before and after, in invariant text: "12.50", "3", "Active".</summary>
    public string? OldValue { get; set; }

    public string? NewValue { get; set; }

    /// <summary>For a sale: units sold and what they brought, in the listing's currency.</summary>
    public int? Quantity { get; set; }

    public decimal? Amount { get; set; }
    public string? Currency { get; set; }
    public DateTimeOffset At { get; set; }
}
