namespace FlipFlow.Domain.Products;

public enum ItemCondition
{
    New,
    LikeNew,
    VeryGood,
    Good,
    Acceptable,
    ForParts,
}

/// <summary>
/// The seller's own item: it owns the stock. Its listings on marketplaces are channel copies of it.
/// </summary>
public sealed class Product
{
    public long Id { get; set; }

    /// <summary>The seller's stock-keeping unit, unique: how marketplaces and imports find the product again.</summary>
    public required string Sku { get; set; }

    public required string Title { get; set; }
    public string Description { get; set; } = "";
    public ItemCondition Condition { get; set; } = ItemCondition.New;
    public decimal Price { get; set; }

    /// <summary>ISO 4217 code: "USD".</summary>
    public string Currency { get; set; } = "USD";

    public int Quantity { get; set; }

    /// <summary>Image addresses, in display order.</summary>
    public List<string> Images { get; set; } = [];

    /// <summary>Marketplace item specifics ("Game": "Wonders of the First"), by name.</summary>
    public Dictionary<string, string> ItemSpecifics { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
