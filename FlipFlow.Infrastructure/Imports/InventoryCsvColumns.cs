namespace FlipFlow.Infrastructure.Imports;

/// <summary>The columns of an inventory file, by their canonical names, and the other names a header may give them.</summary>
public static class InventoryCsvColumns
{
    public const string Platform = "platform";
    public const string SellerIdentifier = "seller_identifier";
    public const string Sku = "sku";
    public const string Quantity = "quantity";
    public const string Price = "price";
    public const string Notes = "notes";
    public const string ListingId = "listing_id";
    public const string Title = "title";

    /// <summary>Each accepted header, lower case with spaces and dashes as underscores, to its column.</summary>
    public static IReadOnlyDictionary<string, string> Aliases { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Platform] = Platform, ["marketplace"] = Platform, ["site"] = Platform,
        [SellerIdentifier] = SellerIdentifier, ["seller"] = SellerIdentifier, ["seller_id"] = SellerIdentifier, ["seller_name"] = SellerIdentifier,
        ["username"] = SellerIdentifier, ["user"] = SellerIdentifier, ["store"] = SellerIdentifier, ["shop"] = SellerIdentifier,
        [Sku] = Sku, ["item_sku"] = Sku, ["product_sku"] = Sku, ["sku_code"] = Sku, ["code"] = Sku,
        [Quantity] = Quantity, ["qty"] = Quantity, ["count"] = Quantity, ["quantity_available"] = Quantity, ["stock"] = Quantity,
        [Price] = Price, ["unit_price"] = Price, ["price_usd"] = Price, ["amount"] = Price,
        [Notes] = Notes, ["note"] = Notes, ["comment"] = Notes, ["comments"] = Notes,
        [ListingId] = ListingId, ["listing"] = ListingId, ["item_id"] = ListingId, ["listing_number"] = ListingId,
        [Title] = Title, ["name"] = Title, ["product_name"] = Title, ["item_title"] = Title,
    };

    public static string Canonical(string header) =>
        header.Trim().TrimStart('\uFEFF').ToLowerInvariant().Replace(' ', '_').Replace('-', '_');
}
