namespace FlipFlow.Domain.Inventory;

/// <summary>
/// What one seller held of one card in one treatment on one day (UTC), summed over its inventory items: one row per
/// date, seller, card and treatment, replaced when the day is taken again. Prices are over the items that have one
/// ("contact for price" items count in <see cref="Items"/> and <see cref="Quantity"/> only), and are left empty when
/// those items are priced in more than one currency, since such an average would mean nothing.
/// </summary>
public sealed class InventorySnapshot
{
    public DateOnly Date { get; set; }
    public long SellerId { get; set; }
    public int CardId { get; set; }
    public required string Treatment { get; set; }

    /// <summary>Inventory items summed: one per listing the seller holds the card on.</summary>
    public int Items { get; set; }

    public int Quantity { get; set; }

    /// <summary>The priced items' currency, or null when none has a price or they mix currencies.</summary>
    public string? Currency { get; set; }

    public decimal? AveragePrice { get; set; }
    public decimal? LowestPrice { get; set; }
    public decimal? HighestPrice { get; set; }
}
