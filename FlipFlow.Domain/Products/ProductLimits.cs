namespace FlipFlow.Domain.Products;

/// <summary>
/// The most a product's free-text fields hold, counted in UTF-16 code units (what <see cref="string.Length"/>, the
/// browser's maxlength and the marketplaces' own limits count). A product is the seller's master copy, published to
/// every marketplace, so each limit is the largest any supported marketplace accepts: a smaller marketplace limit
/// (eBay's 80-character title) is checked when publishing there, so an Etsy-only seller keeps Etsy's 140.
/// </summary>
public static class ProductLimits
{
    /// <summary>eBay's SKU limit: a longer SKU could not be published to eBay at all.</summary>
    public const int Sku = 50;

    /// <summary>
    /// Etsy's title limit, the longest of the marketplaces (eBay takes 80). Before these limits the app took 300, which no
    /// marketplace accepts: such a title could be saved but never published.
    /// </summary>
    public const int Title = 140;

    /// <summary>eBay's description limit: a description eBay takes whole is never refused here.</summary>
    public const int Description = 500_000;

    /// <summary>How many item specifics a product has at most: eBay takes 45 per listing.</summary>
    public const int ItemSpecifics = 45;

    /// <summary>eBay's limit on an item specific's name (Trading API name-value lists).</summary>
    public const int ItemSpecificName = 65;

    /// <summary>eBay's limit on an item specific's value; some categories take fewer, which eBay says when publishing.</summary>
    public const int ItemSpecificValue = 65;

    /// <summary>How many images a product has at most: eBay shows 24 (Etsy 20, checked when publishing there).</summary>
    public const int Images = 24;

    /// <summary>eBay's limit on a picture's address.</summary>
    public const int ImageAddress = 500;

    /// <summary>An ISO 4217 code.</summary>
    public const int Currency = 3;

    /// <summary>The most units of a product in stock.</summary>
    public const int Quantity = 100_000;

    /// <summary>The highest price, in the product's currency.</summary>
    public const decimal Price = 1_000_000;

    /// <summary>What is said of a quantity outside 0 to <see cref="Quantity"/>, <paramref name="shown"/> as the person wrote or sees it.</summary>
    public static string QuantityOutOfRange(string shown) => $"The quantity is between 0 and {Quantity:N0}; {shown} is not.";
}
